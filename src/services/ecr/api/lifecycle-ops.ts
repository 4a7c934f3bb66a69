/**
 * Lifecycle policies at work: StartLifecyclePolicyPreview / GetLifecyclePolicyPreview and the
 * periodic run that expires images. Parsing and evaluation are ./lifecycle/policy.ts's; a
 * preview is computed at once (status COMPLETE), so it always equals what a run at the same
 * moment would expire.
 */
import { clientError } from '../../../protocol/errors.js';
import { GetLifecyclePolicyPreviewResponse, Operations } from '../../../protocol/generated/ecr.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { isIndexType } from '../domain/manifest.js';
import { KIND, RepositoryDoc } from '../domain/records.js';
import { Tx } from '../../../state/store.js';
import { page } from './pagination.js';
import { evaluateLifecyclePolicy, LifecyclePolicy, parseLifecyclePolicy } from '../domain/lifecycle/policy.js';
import { EcrDeps } from '../domain/context.js';
import { findRepository } from './names.js';

interface PreviewResult { imageDigest: string; imageTags: string[]; imagePushedAt: string; appliedRulePriority: number }
interface PreviewDoc { lifecyclePolicyText: string; status: NonNullable<GetLifecyclePolicyPreviewResponse['status']>; results: PreviewResult[] }

/** What the policy would expire in a repository now; images a manifest list needs are kept. */
function expiring(deps: EcrDeps, tx: Tx, repo: string, policy: LifecyclePolicy, now: Date): PreviewResult[] {
  const { registry } = deps;
  const tags = registry.tags(tx, repo);
  const images = registry.images(tx, repo);
  const needed = new Set(images.filter((i) => isIndexType(i.mediaType)).flatMap((i) => i.references));
  const candidates = images.filter((i) => !needed.has(i.digest)).map((i) => ({
    imageDigest: i.digest, imageTags: tags.filter((t) => t.digest === i.digest).map((t) => t.tag), imagePushedAt: new Date(i.pushedAt),
  }));
  return evaluateLifecyclePolicy(policy, candidates, now).map((r) => ({ ...r, imagePushedAt: r.imagePushedAt.toISOString() }));
}

/** The periodic run: expires what each repository's policy selects. Returns how many images went. */
export function applyLifecyclePolicies(deps: EcrDeps, now: Date): number {
  let expired = 0;
  const repos = deps.store.list<RepositoryDoc>(KIND.repository).filter((r) => r.doc.lifecyclePolicyText);
  for (const rec of repos) {
    const parsed = parseLifecyclePolicy(rec.doc.lifecyclePolicyText!);
    if (!parsed.ok) continue;
    deps.store.transact((tx) => {
      for (const r of expiring(deps, tx, rec.id, parsed.policy, now)) {
        deps.registry.deleteImage(tx, rec.id, r.imageDigest);
        expired++;
      }
      const current = tx.get<RepositoryDoc>(KIND.repository, rec.id);
      if (current) tx.put(KIND.repository, rec.id, { ...current.doc, lifecycleEvaluatedAt: now.toISOString() });
    });
  }
  return expired;
}

export function makeLifecycleOps(deps: EcrDeps): TypedHandlers<Operations> {
  return {
    StartLifecyclePolicyPreview(input, ctx) {
      const { id, doc } = findRepository(deps, ctx, input);
      const text = input.lifecyclePolicyText ?? doc.lifecyclePolicyText;
      if (!text) throw clientError('LifecyclePolicyNotFoundException', `Lifecycle policy does not exist for the repository with name '${doc.repositoryName}' in the registry with id '${doc.registryId}'`);
      const parsed = parseLifecyclePolicy(text);
      if (!parsed.ok) throw clientError('InvalidParameterException', parsed.message);
      return deps.store.transact((tx) => {
        const preview: PreviewDoc = { lifecyclePolicyText: text, status: 'COMPLETE', results: expiring(deps, tx, id, parsed.policy, ctx.now) };
        tx.put(KIND.lifecyclePreview, id, preview);
        return { registryId: doc.registryId, repositoryName: doc.repositoryName, lifecyclePolicyText: text, status: 'IN_PROGRESS' };
      });
    },

    GetLifecyclePolicyPreview(input, ctx) {
      const { id, doc } = findRepository(deps, ctx, input);
      const preview = deps.store.get<PreviewDoc>(KIND.lifecyclePreview, id)?.doc;
      if (!preview) {
        throw clientError('LifecyclePolicyPreviewNotFoundException', `There is no dry run for the repository with name '${doc.repositoryName}' in the registry with id '${doc.registryId}'`);
      }
      const wanted = input.imageIds;
      const status = input.filter?.tagStatus;
      const results = preview.results
        .filter((r) => !wanted?.length || wanted.some((w) => w.imageDigest === r.imageDigest || (w.imageTag && r.imageTags.includes(w.imageTag))))
        .filter((r) => !status || status === 'ANY' || (status === 'TAGGED') === r.imageTags.length > 0);
      const { items, nextToken } = page(results, (r) => r.imageDigest, input.nextToken, input.maxResults, 100, 100);
      return {
        registryId: doc.registryId, repositoryName: doc.repositoryName, lifecyclePolicyText: preview.lifecyclePolicyText, status: preview.status, nextToken,
        previewResults: items.map((r) => ({ ...r, imageTags: r.imageTags.length ? r.imageTags : undefined, imagePushedAt: new Date(r.imagePushedAt), action: { type: 'EXPIRE' } })),
        summary: { expiringImageTotalCount: preview.results.length },
      };
    },
  };
}
