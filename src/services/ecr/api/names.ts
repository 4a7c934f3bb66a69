/** ECR ARNs, URIs and the AWS error texts that name a repository. */
import { clientError, ServiceError } from '../../../protocol/errors.js';
import { RequestContext } from '../../../protocol/service.js';
import { privatePath, privateRepositoryArn } from '../domain/addressing.js';
import { privateRepoId, RepositoryDoc } from '../domain/records.js';
import { EcrDeps } from '../domain/context.js';

export const repositoryArn = privateRepositoryArn;

export const privateRepo = (deps: Pick<EcrDeps, 'accountId'>, region: string, name: string) => privateRepoId(region, deps.accountId, name);

export function repositoryNotFound(name: string, registryId: string): ServiceError {
  return clientError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`);
}

/** The /v2/ name that reaches a private repository (see addressing.ts: regions other than the default are path-qualified). */
export const registryPathOf = (doc: RepositoryDoc) => privatePath(doc.registryId, doc.region, doc.repositoryName);

/** The registryId a request names must be the caller's account (Berth has one account). */
export function registryIdOf(input: { registryId?: string }, ctx: RequestContext): string {
  const id = input.registryId ?? ctx.accountId;
  if (id !== ctx.accountId) throw clientError('InvalidParameterException', `Invalid parameter at 'registryId' failed to satisfy constraint: 'The registry id ${id} does not belong to the caller's account'`);
  return id;
}

/** A repository of the request's account and region, as the API sees it. */
export function findRepository(deps: EcrDeps, ctx: RequestContext, input: { registryId?: string; repositoryName: string }): { id: string; doc: RepositoryDoc } {
  const registryId = registryIdOf(input, ctx);
  const id = privateRepo(deps, ctx.region, input.repositoryName);
  const doc = deps.registry.repository(deps.store, id);
  if (!doc) throw repositoryNotFound(input.repositoryName, registryId);
  return { id, doc };
}

export function repositoryView(deps: EcrDeps, doc: RepositoryDoc) {
  return {
    repositoryArn: repositoryArn(doc.region, doc.registryId, doc.repositoryName),
    registryId: doc.registryId,
    repositoryName: doc.repositoryName,
    repositoryUri: `${deps.registryHost}/${registryPathOf(doc)}`,
    createdAt: new Date(doc.createdAt),
    imageTagMutability: doc.imageTagMutability,
    imageTagMutabilityExclusionFilters: doc.imageTagMutabilityExclusionFilters,
    imageScanningConfiguration: doc.imageScanningConfiguration,
    encryptionConfiguration: doc.encryptionConfiguration,
  };
}
