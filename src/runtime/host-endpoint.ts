/**
 * Checks an operator's DOCKER_HOST URL for a remote host before Berth connects to it, and
 * derives the address its published ports are reached at. The URL is read as the engine
 * client reads it (docker/engine-endpoint.ts); on top, a tcp host must be a host name or
 * IPv4 address and a unix socket path must be absolute and fit in a socket address.
 */
import { resolveEndpoint } from './docker/engine-endpoint.js';

export interface ParsedDockerHost {
  dockerHost: string;
  tlsCertDir?: string;
  /** The host part of a tcp:// or ssh:// URL; a unix socket has none. */
  address?: string;
}

const HOSTNAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Throws TypeError with the reason when the URL is not one Berth connects to. */
export function parseDockerHost(url: string, tlsCertDir?: string): ParsedDockerHost {
  if (url.length > 1024) throw new TypeError('the Docker host URL is too long');
  if (!/^(unix|tcp|ssh):\/\//.test(url)) throw new TypeError(`${url.slice(0, 100)}: use unix://, tcp:// or ssh://`);
  if (tlsCertDir && !url.startsWith('tcp://')) throw new TypeError('a TLS directory applies to tcp:// hosts only');
  const dockerHost = url.replace(/\/$/, '');
  let endpoint: ReturnType<typeof resolveEndpoint>;
  try {
    endpoint = resolveEndpoint({ dockerHost, tls: tlsCertDir ? { certDir: tlsCertDir } : undefined }, {});
  } catch (err) {
    throw new TypeError(err instanceof Error ? err.message : String(err));
  }
  if ('socketPath' in endpoint) {
    if (!/^\/[^\0]+$/.test(endpoint.socketPath) || Buffer.byteLength(endpoint.socketPath) > 107) {
      throw new TypeError(`${url}: a unix socket needs an absolute path of at most 107 bytes`);
    }
    return { dockerHost };
  }
  if ('ssh' in endpoint) return { dockerHost, address: endpoint.ssh.host };
  if (!HOSTNAME.test(endpoint.host)) throw new TypeError(`${url}: the host is not a host name or IPv4 address`);
  return { dockerHost, tlsCertDir, address: endpoint.host };
}
