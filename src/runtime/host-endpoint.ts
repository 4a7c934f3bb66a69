/**
 * Checks an operator's DOCKER_HOST URL for a remote host before Berth connects to it, and
 * derives the address its published ports are reached at. The values go to a socket path,
 * a TCP connection or an ssh argument list, so they are held to strict shapes.
 */
export interface ParsedDockerHost {
  dockerHost: string;
  tlsCertDir?: string;
  /** The host part of a tcp:// or ssh:// URL; a unix socket has none. */
  address?: string;
}

const HOSTNAME = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

function hostPort(rest: string, url: string): { host: string; port?: number } {
  const m = /^([^:/]+)(?::(\d{1,5}))?$/.exec(rest);
  if (!m || !(IPV4.test(m[1]) || HOSTNAME.test(m[1]))) throw new TypeError(`${url}: the host is not a host name or IPv4 address`);
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new TypeError(`${url}: the port is out of range`);
  return { host: m[1], port };
}

/** Throws TypeError with the reason when the URL is not one Berth connects to. */
export function parseDockerHost(url: string, tlsCertDir?: string): ParsedDockerHost {
  if (url.length > 1024) throw new TypeError('the Docker host URL is too long');
  if (url.startsWith('unix://')) {
    const path = url.slice('unix://'.length);
    if (!/^\/[^\0]+$/.test(path) || path.length > 107) throw new TypeError(`${url}: a unix socket needs an absolute path of at most 107 bytes`);
    return { dockerHost: url, tlsCertDir };
  }
  if (url.startsWith('tcp://')) {
    const { host } = hostPort(url.slice('tcp://'.length).replace(/\/$/, ''), url);
    return { dockerHost: url.replace(/\/$/, ''), tlsCertDir, address: host };
  }
  if (url.startsWith('ssh://')) {
    if (tlsCertDir) throw new TypeError('a TLS directory applies to tcp:// hosts only');
    const m = /^ssh:\/\/(?:([^@]+)@)?(.+)$/.exec(url)!;
    if (m[1] !== undefined && !USER.test(m[1])) throw new TypeError(`${url}: the user name is not valid`);
    const { host } = hostPort(m[2].replace(/\/$/, ''), url);
    return { dockerHost: url.replace(/\/$/, ''), address: host };
  }
  throw new TypeError(`${url}: use unix://, tcp:// or ssh://`);
}
