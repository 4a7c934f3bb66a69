/** Repositories: Create, Describe, Delete, PutImageTagMutability, PutImageScanningConfiguration. */
import { clientError } from '../../../protocol/errors.js';
import { Operations } from '../../../protocol/generated/ecr.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { KIND, privateRepoId, RepositoryDoc, TagMutability } from '../domain/records.js';
import { page } from './pagination.js';
import { EcrDeps } from '../domain/context.js';
import { findRepository, privateRepo, registryIdOf, repositoryNotFound, repositoryView } from './names.js';
import { validateTags } from './tags.js';

function validateExclusions(mutability: TagMutability, filters: unknown[] | undefined): void {
  const withExclusion = mutability.endsWith('_WITH_EXCLUSION');
  if (withExclusion && !filters?.length) {
    throw clientError('InvalidParameterException', `Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'Exclusion filters are required when imageTagMutability is ${mutability}'`);
  }
  if (!withExclusion && filters?.length) {
    throw clientError('InvalidParameterException', `Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'Exclusion filters are only allowed when imageTagMutability is MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION'`);
  }
}

export function makeRepositoryOps(deps: EcrDeps): TypedHandlers<Operations> {
  const { store, clock, registry } = deps;

  return {
    CreateRepository(input, ctx) {
      const registryId = registryIdOf(input, ctx);
      const name = input.repositoryName;
      const mutability = input.imageTagMutability ?? 'MUTABLE';
      validateExclusions(mutability, input.imageTagMutabilityExclusionFilters);
      const encryption = input.encryptionConfiguration ?? { encryptionType: 'AES256' };
      if (encryption.encryptionType === 'AES256' && encryption.kmsKey) {
        throw clientError('InvalidParameterException', "Invalid parameter at 'encryptionConfiguration' failed to satisfy constraint: 'KMS key should not be specified when encryption type is AES256'");
      }
      const doc: RepositoryDoc = {
        ns: 'private', repositoryName: name, registryId, region: ctx.region, createdAt: clock.now().toISOString(),
        imageTagMutability: mutability, imageTagMutabilityExclusionFilters: input.imageTagMutabilityExclusionFilters,
        imageScanningConfiguration: { scanOnPush: input.imageScanningConfiguration?.scanOnPush ?? false },
        encryptionConfiguration: encryption, tags: validateTags(input.tags ?? []),
      };
      return store.transact((tx) => {
        if (tx.get(KIND.repository, privateRepo(deps, ctx.region, name))) {
          throw clientError('RepositoryAlreadyExistsException', `The repository with name '${name}' already exists in the registry with id '${registryId}'`);
        }
        tx.put(KIND.repository, privateRepo(deps, ctx.region, name), doc);
        return { repository: repositoryView(deps, doc) };
      });
    },

    DescribeRepositories(input, ctx) {
      const registryId = registryIdOf(input, ctx);
      if (input.repositoryNames?.length && (input.nextToken || input.maxResults)) {
        throw clientError('InvalidParameterException', 'Invalid parameter at \'maxResults\' failed to satisfy constraint: \'maxResults and nextToken cannot be specified with repositoryNames\'');
      }
      if (input.repositoryNames?.length) {
        return { repositories: input.repositoryNames.map((n) => repositoryView(deps, findRepository(deps, ctx, { repositoryName: n }).doc)) };
      }
      const all = store.list<RepositoryDoc>(KIND.repository, { prefix: privateRepoId(ctx.region, registryId, '') }).map((r) => r.doc);
      const { items, nextToken } = page(all, (d) => d.repositoryName, input.nextToken, input.maxResults, 100, 1000);
      return { repositories: items.map((d) => repositoryView(deps, d)), nextToken };
    },

    DeleteRepository(input, ctx) {
      return store.transact((tx) => {
        const { id, doc } = findRepository(deps, ctx, input);
        if (!input.force && registry.images(tx, id).length > 0) {
          throw clientError('RepositoryNotEmptyException', `The repository with name '${doc.repositoryName}' in registry with id '${doc.registryId}' cannot be deleted because it still contains images`);
        }
        registry.deleteRepository(tx, id);
        return { repository: repositoryView(deps, doc) };
      });
    },

    PutImageTagMutability(input, ctx) {
      validateExclusions(input.imageTagMutability, input.imageTagMutabilityExclusionFilters);
      return update(deps, ctx, input, (doc) => ({ ...doc, imageTagMutability: input.imageTagMutability, imageTagMutabilityExclusionFilters: input.imageTagMutabilityExclusionFilters }), (doc) => ({
        imageTagMutability: doc.imageTagMutability, imageTagMutabilityExclusionFilters: doc.imageTagMutabilityExclusionFilters,
      }));
    },

    PutImageScanningConfiguration(input, ctx) {
      return update(deps, ctx, input, (doc) => ({ ...doc, imageScanningConfiguration: { scanOnPush: input.imageScanningConfiguration.scanOnPush ?? false } }), (doc) => ({
        imageScanningConfiguration: doc.imageScanningConfiguration,
      }));
    },
  };
}

/** Read-modify-write of one repository; answers registryId, repositoryName and the extra fields. */
export function update<Extra extends object>(
  deps: EcrDeps, ctx: RequestContext, input: { registryId?: string; repositoryName: string },
  change: (doc: RepositoryDoc) => RepositoryDoc, extra: (doc: RepositoryDoc) => Extra,
): { registryId: string; repositoryName: string } & Extra {
  return deps.store.transact((tx) => {
    const { id } = findRepository(deps, ctx, input);
    const current = tx.get<RepositoryDoc>(KIND.repository, id);
    if (!current) throw repositoryNotFound(input.repositoryName, ctx.accountId);
    const doc = change(current.doc);
    tx.put(KIND.repository, id, doc);
    return { registryId: doc.registryId, repositoryName: doc.repositoryName, ...extra(doc) };
  });
}
