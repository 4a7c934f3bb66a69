/**
 * How requests reach the engine: a keep-alive agent per endpoint kind. A unix socket or
 * plain tcp use node:http as is; TLS uses node:https with the client certificate; ssh
 * runs `ssh ... docker system dial-stdio` per pooled connection and speaks HTTP over its
 * stdin and stdout (the events stream and log follows each hold one ssh process).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Duplex } from 'node:stream';
import { RuntimeError } from '../runtime.js';
import { sshArgs, type Endpoint, type SshOptions, type SshTarget, type TlsFiles } from './engine-endpoint.js';

export interface Transport {
  agent: http.Agent;
  /** Opens one request: `target` (where) merged with the caller's method, path and headers. */
  request(opts: http.RequestOptions): http.ClientRequest;
}

/** Error code of a failed dialer (ssh exiting before the engine answered); the client maps it to Unavailable. */
export const DIAL_FAILED = 'ERR_ENGINE_DIAL';

export function createTransport(endpoint: Endpoint, ssh: SshOptions = {}): Transport {
  if ('socketPath' in endpoint) return plain(new http.Agent({ keepAlive: true }), { socketPath: endpoint.socketPath });
  if ('ssh' in endpoint) return plain(new SshAgent(endpoint.ssh, ssh), { host: endpoint.ssh.host, port: endpoint.ssh.port ?? 22 });
  const target = { host: endpoint.host, port: endpoint.port };
  if (!endpoint.tls) return plain(new http.Agent({ keepAlive: true }), target);
  const agent = new https.Agent({ keepAlive: true, ...readTls(endpoint.tls) });
  return { agent, request: (opts) => https.request({ ...target, ...opts, agent }) };
}

function plain(agent: http.Agent, target: http.RequestOptions): Transport {
  return { agent, request: (opts) => http.request({ ...target, ...opts, agent }) };
}

/** Read once, at construction, so a missing certificate fails early and names its file. */
function readTls(files: TlsFiles): { ca: Buffer; cert: Buffer; key: Buffer } {
  const read = (path: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new RuntimeError(`docker engine TLS: cannot read ${path}: ${(err as Error).message}`, 'Unavailable');
    }
  };
  return { ca: read(files.caPath), cert: read(files.certPath), key: read(files.keyPath) };
}

/** Dials by spawning ssh; pooled connections are unref'd while idle so they never hold the process open. */
class SshAgent extends http.Agent {
  constructor(private readonly target: SshTarget, private readonly ssh: SshOptions) {
    super({ keepAlive: true });
  }

  override createConnection(): Duplex {
    // argv without a shell: nothing the operator configured is ever interpreted by one.
    return new CommandSocket(spawn('ssh', sshArgs(this.target, this.ssh), { stdio: 'pipe' }));
  }

  override keepSocketAlive(socket: Duplex): boolean {
    (socket as CommandSocket).unref();
    return true;
  }

  override reuseSocket(socket: Duplex): void {
    (socket as CommandSocket).ref();
  }
}

const STDERR_KEPT = 2048;

/**
 * A child process's stdin and stdout as one byte stream. It ends when the process exits
 * cleanly, fails with its stderr when it exits otherwise, and kills it when destroyed.
 */
class CommandSocket extends Duplex {
  private stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    super();
    child.stdout.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEPT);
    });
    child.stdin.on('error', () => {}); // EPIPE, see _write
    child.on('error', (err) => this.destroy(dialError(`cannot run ${child.spawnfile}: ${err.message}`)));
    // 'close' comes after the exit and after stdout has been read to its end.
    child.on('close', (code, signal) => {
      if (code === 0) this.push(null);
      else if (!this.destroyed) this.destroy(dialError(`${child.spawnfile} exited with ${code ?? signal}: ${this.stderr.trim()}`));
    });
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  // A write fails (EPIPE) only once the process is gone; 'close' then reports why, with its stderr.
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.child.stdin.write(chunk, () => done());
  }

  override _final(done: () => void): void {
    this.child.stdin.end(() => done());
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    done(err);
  }

  ref(): void {
    this.child.ref();
    this.pipes().forEach((pipe) => pipe.ref());
  }

  unref(): void {
    this.child.unref();
    this.pipes().forEach((pipe) => pipe.unref());
  }

  private pipes(): { ref(): void; unref(): void }[] {
    return [this.child.stdin, this.child.stdout, this.child.stderr] as unknown as { ref(): void; unref(): void }[];
  }
}

function dialError(message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code: DIAL_FAILED });
}
