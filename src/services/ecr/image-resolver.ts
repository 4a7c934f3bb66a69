/**
 * Lets ECS tasks name Berth's images as AWS does (`<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>`)
 * or by the registry host: such images are pulled from Berth's loopback address (which the
 * host's dockerd reaches, and trusts over plain HTTP) with a fresh authorization token.
 */
import { isDigest } from '../../dataplane/registry/digest.js';
import { privateRepo } from './names.js';
import { issueToken } from '../../dataplane/registry/token.js';
import { EcrDeps } from './context.js';

export interface ResolvedImage { ref: string; auth?: { username: string; password: string; serverAddress: string } }

/** Splits `host/name[:tag][@digest]`; undefined when there is no registry host part. */
export function splitImage(image: string): { host: string; name: string; ref: string } | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const host = image.slice(0, slash);
  if (!/[.:]/.test(host) && host !== 'localhost') return undefined;
  let rest = image.slice(slash + 1);
  let ref = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    ref = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      ref = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  return { host, name: rest, ref };
}

export function makeImageResolver(deps: EcrDeps, port: number) {
  const pullHost = `localhost:${port}`;
  const ours = (host: string) => {
    const aws = /^(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.exec(host);
    if (aws) return aws[1] === deps.accountId;
    return [pullHost, `127.0.0.1:${port}`, deps.registryHost].includes(host);
  };
  return async (image: string): Promise<ResolvedImage | undefined> => {
    const parts = splitImage(image);
    if (!parts || !ours(parts.host)) return undefined;
    const repo = privateRepo(deps, parts.name);
    if (!deps.registry.repository(deps.store, repo) || !deps.registry.resolve(deps.store, repo, parts.ref)) {
      throw new Error(`${image}: not found`);
    }
    const token = Buffer.from(issueToken(deps.key, deps.clock.now()).authorizationToken, 'base64').toString('utf8');
    const ref = `${pullHost}/${parts.name}${isDigest(parts.ref) ? '@' : ':'}${parts.ref}`;
    return { ref, auth: { username: 'AWS', password: token.slice('AWS:'.length), serverAddress: pullHost } };
  };
}
