/**
 * The one HAProxy Berth owns: master-worker mode, daemonised, with its config, pid file,
 * master socket and admin socket under <dataDir>/haproxy/. A Berth that finds a master
 * still answering on the socket adopts it (and reloads it with the current config); a
 * stale process that no longer answers is killed and replaced.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '../../platform/log.js';
import { cliCommand } from './runtime-api.js';

const run = promisify(execFile);
export const HAPROXY_BIN = process.env.BERTH_HAPROXY ?? 'haproxy';

interface ProcTable { reloads: number; failed: number; workers: number[] }

export function parseShowProc(text: string): ProcTable | undefined {
  const master = /^\s*\d+\s+master\s+(\d+)\s+\[failed:\s*(\d+)\]/m.exec(text);
  if (!master) return undefined;
  const current = text.split('# workers')[1]?.split('#')[0] ?? '';
  const workers = [...current.matchAll(/^\s*(\d+)\s+worker/gm)].map((m) => Number(m[1]));
  return { reloads: Number(master[1]), failed: Number(master[2]), workers };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HaproxyProcess {
  readonly configPath: string;
  readonly adminSocket: string;
  private readonly masterSocket: string;
  private readonly pidFile: string;
  /** Remembered so that stop() works even if the pid file was removed with the data dir. */
  private knownPid?: number;

  constructor(readonly runDir: string, private readonly log: Logger) {
    this.configPath = join(runDir, 'haproxy.cfg');
    this.adminSocket = join(runDir, 'admin.sock');
    this.masterSocket = join(runDir, 'master.sock');
    this.pidFile = join(runDir, 'haproxy.pid');
  }

  masterPid(): number | undefined {
    if (!existsSync(this.pidFile)) return this.knownPid;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) this.knownPid = pid;
    return this.knownPid;
  }

  /** Whether the master process is alive (cheap; polled by the health reader). */
  isAlive(): boolean {
    const pid = this.masterPid();
    if (!pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  private async procTable(): Promise<ProcTable | undefined> {
    try {
      return parseShowProc(await cliCommand(this.masterSocket, 'show proc', 2000));
    } catch {
      return undefined;
    }
  }

  /** True when a master of ours answers; a process that holds our pid file but does not answer is killed. */
  async adopt(): Promise<boolean> {
    if (this.isAlive() && (await this.procTable())) return true;
    await this.kill();
    return false;
  }

  /** Fails with HAProxy's own message when the text is not a valid configuration. */
  async validate(config: string): Promise<void> {
    const candidate = join(this.runDir, 'candidate.cfg');
    writeFileSync(candidate, config);
    try {
      await run(HAPROXY_BIN, ['-W', '-c', '-q', '-f', candidate]);
    } catch (e) {
      throw new Error(`HAProxy rejected the rendered configuration: ${(e as { stderr?: string }).stderr ?? e}`);
    }
  }

  async start(): Promise<void> {
    // Output goes to a file, not a pipe: the daemon and its watchdog program would hold a pipe open forever.
    const logFile = join(this.runDir, 'haproxy.log');
    const out = openSync(logFile, 'w');
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(HAPROXY_BIN, ['-W', '-D', '-S', `${this.masterSocket},mode,600`, '-f', this.configPath, '-p', this.pidFile], { stdio: ['ignore', out, out] });
      child.once('error', reject);
      child.once('exit', resolve);
    }).finally(() => closeSync(out));
    if (code !== 0) throw new Error(`HAProxy did not start: ${readFileSync(logFile, 'utf8').trim()}`);
    for (let i = 0; i < 100 && !(await this.procTable())?.workers.length; i++) await sleep(50);
    this.log.info('load balancer data plane started', { haproxyPid: this.masterPid() });
  }

  /** A seamless reload: the master re-reads the config; listening sockets pass to the new worker. */
  async reload(): Promise<void> {
    const before = await this.procTable();
    if (!before) throw new Error('HAProxy master does not answer');
    await cliCommand(this.masterSocket, 'reload').catch(() => '');
    for (let i = 0; i < 200; i++) {
      await sleep(50);
      const now = await this.procTable();
      if (!now) continue;
      if (now.failed > before.failed) throw new Error('HAProxy could not load the new configuration (is a listener port taken?); the previous one stays in service');
      if (now.reloads > before.reloads && now.workers.some((w) => !before.workers.includes(w))) return;
    }
    throw new Error('HAProxy did not finish reloading within 10 s');
  }

  /** Saves the servers' health and admin states, restored by the next worker (load-server-state-from-file). */
  async saveServerState(): Promise<void> {
    const state = await cliCommand(this.adminSocket, 'show servers state').catch(() => '');
    if (state.startsWith('1\n')) writeFileSync(join(this.runDir, 'server-state'), state);
  }

  async stop(): Promise<void> {
    await this.kill();
    for (const f of [this.pidFile, this.masterSocket, this.adminSocket]) rmSync(f, { force: true });
  }

  private async kill(): Promise<void> {
    const pid = this.masterPid();
    if (!pid || !this.isAlive() || !this.ownedBy(pid)) return;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && this.isAlive(); i++) await sleep(50);
    if (this.isAlive()) process.kill(pid, 'SIGKILL');
    this.log.info('load balancer data plane stopped', { haproxyPid: pid });
  }

  /** Only signal a process whose command line names our config (the pid may have been reused). */
  private ownedBy(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(this.configPath);
    } catch {
      return false;
    }
  }
}
