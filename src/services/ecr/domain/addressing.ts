/**
 * Which repository a `/v2/` name addresses. AWS gives every region its own registry host
 * (`<account>.dkr.ecr.<region>.amazonaws.com`); Berth serves all regions on one host, so the
 * region travels in the path instead. `*.localhost` host names would be nicer, but dockerd,
 * skopeo and glibc resolve only `localhost` itself, so clients could not reach them:
 *
 * - `<name>`: the repository in the default region (us-east-1);
 * - `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: the repository in `<region>`, i.e. the
 *   AWS repository URI behind Berth's host (any region, the default one included);
 * - `public.ecr.aws/<alias>/<name>`: an ECR Public repository.
 */
import { partition } from '../../../platform/aws/scope.js';
import { Namespace, privateRepoId, publicRepoId } from './records.js';

/** The region a name without a region prefix serves. */
export const DEFAULT_REGISTRY_REGION = 'us-east-1';

/** The path segment before an ECR Public repository's alias (`public.ecr.aws/<alias>/<name>`). */
export const PUBLIC_PREFIX = 'public.ecr.aws/';

// AWS region names: two-letter area, words, a number (us-east-1, us-gov-west-1), as SigV4 checks them.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A repository a name addresses, with what IAM authorizes on: its ARN and region (ECR Public's is us-east-1, where its API lives). */
export interface RepositoryAddress { ns: Namespace; id: string; repositoryName: string; region: string; arn: string }

export interface AddressingDeps { accountId: string; publicAlias: string }

/** The AWS registry host of a region, which doubles as the region's path prefix. */
export const regionalHost = (accountId: string, region: string) => `${accountId}.dkr.ecr.${region}.amazonaws.com`;

/** The region `<account>.dkr.ecr.<region>.amazonaws.com` names when the account is Berth's; else undefined. */
export function regionOfHost(accountId: string, host: string): string | undefined {
  const head = `${accountId}.dkr.ecr.`;
  const tail = '.amazonaws.com';
  if (!host.startsWith(head) || !host.endsWith(tail)) return undefined;
  const region = host.slice(head.length, host.length - tail.length);
  return REGION.test(region) ? region : undefined;
}

/** The region a name's first segment names, if it is one of Berth's regional hosts. */
function regionPrefix(accountId: string, name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash > 0 ? regionOfHost(accountId, name.slice(0, slash)) : undefined;
}

export const privateRepositoryArn = (region: string, accountId: string, name: string) => `arn:${partition(region)}:ecr:${region}:${accountId}:repository/${name}`;
/** ECR Public repositories are global: no region in their ARN. */
export const publicRepositoryArn = (accountId: string, name: string) => `arn:aws:ecr-public::${accountId}:repository/${name}`;

/** Maps a URL name to its repository. */
export function repositoryFor(deps: AddressingDeps, name: string): RepositoryAddress {
  const pub = `${PUBLIC_PREFIX}${deps.publicAlias}/`;
  if (name.startsWith(pub)) {
    const repositoryName = name.slice(pub.length);
    return { ns: 'public', id: publicRepoId(deps.accountId, repositoryName), repositoryName, region: DEFAULT_REGISTRY_REGION, arn: publicRepositoryArn(deps.accountId, repositoryName) };
  }
  const prefixed = regionPrefix(deps.accountId, name);
  const region = prefixed ?? DEFAULT_REGISTRY_REGION;
  const repositoryName = prefixed ? name.slice(name.indexOf('/') + 1) : name;
  return { ns: 'private', id: privateRepoId(region, deps.accountId, repositoryName), repositoryName, region, arn: privateRepositoryArn(region, deps.accountId, repositoryName) };
}

/**
 * The `/v2/` name of a private repository: bare in the default region, else behind its region's
 * AWS host. A name that itself starts with such a host is always qualified, or it would be read as one.
 */
export function privatePath(accountId: string, region: string, name: string): string {
  const bare = region === DEFAULT_REGISTRY_REGION && !regionPrefix(accountId, name);
  return bare ? name : `${regionalHost(accountId, region)}/${name}`;
}
