/** ECR ARNs, URIs and the AWS error texts that name a repository. */
import { clientError, ServiceError } from '../../protocol/errors.js';
import { RequestContext } from '../../protocol/service.js';
import { RepositoryDoc, repoId } from '../../dataplane/registry/records.js';
import { partition } from '../ecs/names.js';
import { EcrDeps } from './context.js';

export const repositoryArn = (region: string, accountId: string, name: string) => `arn:${partition(region)}:ecr:${region}:${accountId}:repository/${name}`;

export const privateRepo = (deps: Pick<EcrDeps, 'accountId'>, name: string) => repoId('private', deps.accountId, name);

export function repositoryNotFound(name: string, registryId: string): ServiceError {
  return clientError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`);
}

/** The registryId a request names must be the caller's account (Berth has one account). */
export function registryIdOf(input: { registryId?: string }, ctx: RequestContext): string {
  const id = input.registryId ?? ctx.accountId;
  if (id !== ctx.accountId) throw clientError('InvalidParameterException', `Invalid parameter at 'registryId' failed to satisfy constraint: 'The registry id ${id} does not belong to the caller's account'`);
  return id;
}

/**
 * A repository as the API sees it. Repository records are per account, not per region
 * (the /v2/ data plane has one host), so a repository is visible only in the region it was created in.
 */
export function findRepository(deps: EcrDeps, ctx: RequestContext, input: { registryId?: string; repositoryName: string }): { id: string; doc: RepositoryDoc } {
  const registryId = registryIdOf(input, ctx);
  const id = privateRepo(deps, input.repositoryName);
  const doc = deps.registry.repository(deps.store, id);
  if (!doc || doc.region !== ctx.region) throw repositoryNotFound(input.repositoryName, registryId);
  return { id, doc };
}

export function repositoryView(deps: EcrDeps, doc: RepositoryDoc) {
  return {
    repositoryArn: repositoryArn(doc.region, doc.registryId, doc.repositoryName),
    registryId: doc.registryId,
    repositoryName: doc.repositoryName,
    repositoryUri: `${deps.registryHost}/${doc.repositoryName}`,
    createdAt: new Date(doc.createdAt),
    imageTagMutability: doc.imageTagMutability,
    imageTagMutabilityExclusionFilters: doc.imageTagMutabilityExclusionFilters,
    imageScanningConfiguration: doc.imageScanningConfiguration,
    encryptionConfiguration: doc.encryptionConfiguration,
  };
}
