/**
 * Where the engine is: DOCKER_HOST parsing with the docker CLI's semantics, pure so it can
 * be unit-tested. unix:///path, tcp://host[:port] (TLS when asked, or when DOCKER_TLS_VERIFY
 * is set, with ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH), ssh://[user@]host[:port].
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RuntimeError } from '../runtime.js';

/** PEM files for TLS with a client certificate; the server certificate is always verified against `caPath`. */
export interface TlsFiles { caPath: string; certPath: string; keyPath: string }

/** A directory holding ca.pem, cert.pem and key.pem (DOCKER_CERT_PATH's layout), or the three paths. */
export type TlsOption = { certDir: string } | TlsFiles;

export interface SshOptions {
  /** Private key (ssh -i); otherwise ssh's own configuration decides. */
  identityFile?: string;
  /** known_hosts to check the host key against (ssh -o UserKnownHostsFile=...). */
  knownHostsFile?: string;
  /** Further ssh -o options, e.g. { StrictHostKeyChecking: 'yes' }. */
  options?: Record<string, string>;
  /** ssh's connect timeout in seconds; 30 by default, like the docker CLI. */
  connectTimeoutSeconds?: number;
}

export interface EngineClientOptions {
  /** Unix socket path; wins over `dockerHost`. */
  socketPath?: string;
  /** "unix:///path", "tcp://host:port" or "ssh://user@host:port"; defaults to $DOCKER_HOST, then /var/run/docker.sock. */
  dockerHost?: string;
  /** TLS for a tcp:// host; without it, $DOCKER_TLS_VERIFY and $DOCKER_CERT_PATH decide as for the docker CLI. */
  tls?: TlsOption;
  /** How ssh:// hosts are reached. */
  ssh?: SshOptions;
}

export interface SshTarget { user?: string; host: string; port?: number }

export type Endpoint = { socketPath: string } | { host: string; port: number; tls?: TlsFiles } | { ssh: SshTarget };

const invalid = (what: string) => new RuntimeError(`invalid DOCKER_HOST: ${what}`, 'Unavailable');

export function resolveEndpoint(opts: EngineClientOptions = {}, env = process.env): Endpoint {
  if (opts.socketPath) return { socketPath: opts.socketPath };
  const dockerHost = opts.dockerHost ?? env.DOCKER_HOST;
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('tcp://')) return tcpEndpoint(dockerHost, tlsFiles(opts.tls ?? tlsFromEnv(env)));
  if (dockerHost.startsWith('ssh://')) return { ssh: parseSshHost(dockerHost) };
  throw new RuntimeError(`unsupported DOCKER_HOST ${dockerHost}`, 'Unavailable');
}

function tcpEndpoint(dockerHost: string, tls: TlsFiles | undefined): Endpoint {
  const url = new URL(`http://${dockerHost.slice('tcp://'.length)}`);
  // 2376 is the engine's TLS port, 2375 its plain one.
  const port = Number(url.port || (tls ? 2376 : 2375));
  return tls ? { host: url.hostname, port, tls } : { host: url.hostname, port };
}

/** The docker CLI turns TLS on for any non-empty DOCKER_TLS_VERIFY; certificates default to ~/.docker. */
function tlsFromEnv(env: NodeJS.ProcessEnv): TlsOption | undefined {
  if (!env.DOCKER_TLS_VERIFY) return undefined;
  return { certDir: env.DOCKER_CERT_PATH || join(homedir(), '.docker') };
}

function tlsFiles(tls: TlsOption | undefined): TlsFiles | undefined {
  if (!tls || !('certDir' in tls)) return tls;
  return { caPath: join(tls.certDir, 'ca.pem'), certPath: join(tls.certDir, 'cert.pem'), keyPath: join(tls.certDir, 'key.pem') };
}

// Conservative on purpose: these end up on ssh's command line, where a leading '-' would read as an option.
const SSH_USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const SSH_HOST = /^(?:[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])$/;

/** ssh://[user@]host[:port], nothing else: no password, path or query (as the docker CLI). */
export function parseSshHost(dockerHost: string): SshTarget {
  let url: URL;
  try {
    url = new URL(dockerHost);
  } catch {
    throw invalid(`cannot parse ${dockerHost}`);
  }
  if (url.password) throw invalid('an ssh password is not supported; use a key');
  if (url.pathname || url.search || url.hash) throw invalid(`unexpected path or query in ${dockerHost}`);
  const user = decodeURIComponent(url.username);
  if (user && !SSH_USER.test(user)) throw invalid(`bad ssh user ${JSON.stringify(user)}`);
  if (!SSH_HOST.test(url.hostname)) throw invalid(`bad ssh host ${JSON.stringify(url.hostname)}`);
  const target: SshTarget = { host: url.hostname.replace(/^\[(.*)\]$/, '$1') };
  if (user) target.user = user;
  if (url.port) target.port = Number(url.port); // URL already refused anything but 0-65535
  if (target.port === 0) throw invalid('ssh port 0');
  return target;
}

const SSH_OPTION_KEY = /^[A-Za-z][A-Za-z0-9]*$/;
const hasControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/**
 * ssh's argv for the engine's `docker system dial-stdio` on the target: HTTP then flows over
 * ssh's stdin and stdout. BatchMode, because nobody could answer a password prompt.
 */
export function sshArgs(target: SshTarget, opts: SshOptions = {}): string[] {
  const args = ['-o', 'BatchMode=yes', '-o', `ConnectTimeout=${opts.connectTimeoutSeconds ?? 30}`, '-T'];
  if (target.user) args.push('-l', target.user);
  if (target.port) args.push('-p', String(target.port));
  if (opts.identityFile) args.push('-i', checkedPath('identityFile', opts.identityFile));
  if (opts.knownHostsFile) args.push('-o', `UserKnownHostsFile=${checkedPath('knownHostsFile', opts.knownHostsFile)}`);
  for (const [key, value] of Object.entries(opts.options ?? {})) {
    if (!SSH_OPTION_KEY.test(key) || hasControl(value)) throw invalid(`bad ssh option ${JSON.stringify(key)}`);
    args.push('-o', `${key}=${value}`);
  }
  return [...args, '--', target.host, 'docker', 'system', 'dial-stdio'];
}

function checkedPath(name: string, path: string): string {
  if (path.startsWith('-') || hasControl(path)) throw invalid(`bad ssh ${name} ${JSON.stringify(path)}`);
  return path;
}
