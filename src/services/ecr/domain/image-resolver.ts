/**
 * Lets ECS tasks name Berth's images as AWS does (`<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>`,
 * that region's repository) or by the registry host: such images are pulled from Berth's loopback
 * address (which the host's dockerd reaches, and trusts over plain HTTP) with a fresh authorization token.
 */
import { isDigest } from './digest.js';
import { privatePath, regionOfHost, repositoryFor } from './addressing.js';
import { issueToken } from './token.js';
import { EcrDeps } from './context.js';
import { ImageResolver, ResolvedImage } from './ports.js';


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

/**
 * The `/v2/` name an image reference reaches in Berth: AWS's regional host names the region
 * (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`, pulled as that region's path), Berth's own
 * hosts take the name as `/v2/` does. undefined for any other registry.
 */
function registryName(deps: EcrDeps, ourHosts: string[], host: string, name: string): string | undefined {
  const region = regionOfHost(deps.accountId, host);
  if (region) return privatePath(deps.accountId, region, name);
  return ourHosts.includes(host) ? name : undefined;
}

export function makeImageResolver(deps: EcrDeps, port: number): ImageResolver {
  const pullHost = `localhost:${port}`;
  const ourHosts = [pullHost, `127.0.0.1:${port}`, deps.registryHost];
  return async (image: string, accessKeyId?: string): Promise<ResolvedImage | undefined> => {
    const parts = splitImage(image);
    const name = parts && registryName(deps, ourHosts, parts.host, parts.name);
    if (!parts || name === undefined) return undefined;
    const repo = repositoryFor(deps, name).id;
    if (!deps.registry.repository(deps.store, repo) || !deps.registry.resolve(deps.store, repo, parts.ref)) {
      throw new Error(`${image}: not found`);
    }
    const token = Buffer.from(issueToken(deps.key, deps.clock.now(), accessKeyId ?? deps.rootAccessKeyId).authorizationToken, 'base64').toString('utf8');
    const ref = `${pullHost}/${name}${isDigest(parts.ref) ? '@' : ':'}${parts.ref}`;
    return { ref, auth: { username: 'AWS', password: token.slice('AWS:'.length), serverAddress: pullHost } };
  };
}
