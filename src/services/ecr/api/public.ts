/**
 * ECR Public (SpencerFrontendService): repositories served under
 * `<registry host>/public.ecr.aws/<alias>/<name>`, pullable anonymously. Implemented:
 * CreateRepository, DescribeRepositories, DeleteRepository, GetAuthorizationToken; the
 * other operations answer 501.
 */
import { clientError } from '../../../protocol/errors.js';
import { Tag } from '../../../protocol/generated/ecr.js';
import { Operations, Repository, RepositoryCatalogData, RepositoryCatalogDataInput, Tag as PublicTag } from '../../../protocol/generated/ecr-public.js';
import { RequestContext, ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { PUBLIC_PREFIX, publicRepositoryArn } from '../domain/addressing.js';
import { KIND, publicRepoId, RepositoryDoc } from '../domain/records.js';
import { issueToken } from '../domain/token.js';
import { page } from './pagination.js';
import { EcrDeps } from '../domain/context.js';
import { validateTags } from './tags.js';

export function publicRepositoryUri(deps: EcrDeps, name: string): string {
  return `${deps.registryHost}/${PUBLIC_PREFIX}${deps.publicAlias}/${name}`;
}

function view(deps: EcrDeps, doc: RepositoryDoc): Repository {
  return {
    repositoryArn: publicRepositoryArn(doc.registryId, doc.repositoryName),
    registryId: doc.registryId,
    repositoryName: doc.repositoryName,
    repositoryUri: publicRepositoryUri(deps, doc.repositoryName),
    createdAt: new Date(doc.createdAt),
  };
}

function notFound(name: string, registryId: string): Error {
  return clientError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`);
}

/** ECR Public tags may omit Key and Value in the model; a tag needs a key, and a missing value is empty as in ECR. */
function publicTags(tags: PublicTag[]): Tag[] {
  return validateTags(tags.map((t) => {
    if (t.Key === undefined) throw clientError('InvalidTagParameterException', "Invalid parameter at 'tags' failed to satisfy constraint: 'Tag keys must not be null'");
    return { Key: t.Key, Value: t.Value ?? '' };
  }));
}

/**
 * The catalog data kept and answered: what was given, less the logo image, as Berth hosts
 * no logos to answer a logoUrl for.
 */
function catalogOf(input: RepositoryCatalogDataInput): RepositoryCatalogData {
  const { description, architectures, operatingSystems, aboutText, usageText } = input;
  return { description, architectures, operatingSystems, aboutText, usageText };
}

function makePublicOps(deps: EcrDeps): TypedHandlers<Operations> {
  const { store, registry } = deps;
  const idOf = (ctx: RequestContext, name: string) => publicRepoId(ctx.accountId, name);
  return {
    CreateRepository(input, ctx) {
      const doc: RepositoryDoc = {
        ns: 'public', repositoryName: input.repositoryName, registryId: ctx.accountId, region: ctx.region, createdAt: deps.clock.now().toISOString(),
        imageTagMutability: 'MUTABLE', imageScanningConfiguration: { scanOnPush: false }, encryptionConfiguration: { encryptionType: 'AES256' },
        tags: publicTags(input.tags ?? []), catalogData: input.catalogData && catalogOf(input.catalogData),
      };
      return store.transact((tx) => {
        if (tx.get(KIND.repository, idOf(ctx, doc.repositoryName))) {
          throw clientError('RepositoryAlreadyExistsException', `The repository with name '${doc.repositoryName}' already exists in the registry with id '${ctx.accountId}'`);
        }
        tx.put(KIND.repository, idOf(ctx, doc.repositoryName), doc);
        return { repository: view(deps, doc), catalogData: doc.catalogData ?? {} };
      });
    },

    DescribeRepositories(input, ctx) {
      if (input.repositoryNames?.length) {
        return {
          repositories: input.repositoryNames.map((n) => {
            const doc = registry.repository(store, idOf(ctx, n));
            if (!doc) throw notFound(n, ctx.accountId);
            return view(deps, doc);
          }),
        };
      }
      const all = store.list<RepositoryDoc>(KIND.repository, { prefix: `public/${ctx.accountId}/` }).map((r) => r.doc);
      const { items, nextToken } = page(all, (d) => d.repositoryName, input.nextToken, input.maxResults, 100, 1000);
      return { repositories: items.map((d) => view(deps, d)), nextToken };
    },

    DeleteRepository(input, ctx) {
      return store.transact((tx) => {
        const id = idOf(ctx, input.repositoryName);
        const doc = registry.repository(tx, id);
        if (!doc) throw notFound(input.repositoryName, ctx.accountId);
        if (!input.force && registry.images(tx, id).length > 0) {
          throw clientError('RepositoryNotEmptyException', `The repository with name '${doc.repositoryName}' in registry with id '${doc.registryId}' cannot be deleted because it still contains images`);
        }
        registry.deleteRepository(tx, id);
        return { repository: view(deps, doc) };
      });
    },

    GetAuthorizationToken: (_input, ctx) => ({ authorizationData: issueToken(deps.key, ctx.now, ctx.accessKeyId) }),
  };
}

export function ecrPublicService(deps: EcrDeps): ServiceDefinition {
  return { name: 'ecr-public', model: loadModel('ecr-public'), protocols: [new JsonProtocol('InvalidParameterException')], handlers: makePublicOps(deps) };
}
