/**
 * The load balancer controller: converges the HAProxy Berth owns with the ELBv2 records.
 * Store changes to load balancers, listeners, rules, target groups and targets queue one
 * reconcile (a single key, so applies never overlap). A reconcile renders the config;
 * when anything but the server lists changed it validates, writes and reloads seamlessly,
 * otherwise it applies the server changes over the runtime API and rewrites the file so
 * the next reload starts from the same servers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '../../platform/log.js';
import { KIND } from '../../services/elbv2/domain/names.js';
import { TargetHealthDoc } from '../../services/elbv2/domain/docs.js';
import { Store } from '../../state/store.js';
import { WorkQueue } from '../../platform/work-queue.js';
import { writeErrorPages } from './error-pages.js';
import { writeWatchdog } from './watchdog.js';
import { HaproxyProcess } from './haproxy-process.js';
import { render, RenderOptions, ServerEntry } from './render.js';
import { markDown, serverId, syncServers } from './server-sync.js';
import { buildSpec } from './spec.js';
import { pruneTlsFiles, tlsFiles, writeTlsFiles } from './tls-files.js';
import { CertificateStore } from '../../services/acm/domain/ports.js';
import { KIND as ACM_KIND } from '../../services/acm/domain/records.js';

/** Certificates too: a reimported certificate is served at once. */
const WATCHED: string[] = [KIND.loadBalancer, KIND.listener, KIND.rule, KIND.targetGroup, KIND.target, ACM_KIND.certificate];
const KEY = 'haproxy';

export interface ManagerOptions {
  store: Store;
  log: Logger;
  runDir: string;
  bindIp: string;
  publishIp: string;
  /** ACM's certificates and keys for HTTPS listeners (absent without the ACM module). */
  certificates?: CertificateStore;
}

export class LoadBalancerManager {
  readonly process: HaproxyProcess;
  /**
   * Bumped before and after every start or reload of HAProxy: odd while one runs. New workers
   * count requests from zero, so the health reader uses counters only from a read that began
   * and ended within one even epoch, and starts its baselines again when the epoch moves.
   */
  counterEpoch = 0;
  private readonly queue: WorkQueue;
  private applied?: { structure: string; servers: Map<string, ServerEntry> };
  private unwatch?: () => void;
  /** The certificates last found missing, so each change is logged once rather than every reconcile. */
  private missing = '';

  constructor(private readonly opts: ManagerOptions) {
    this.process = new HaproxyProcess(opts.runDir, opts.log);
    this.queue = new WorkQueue(() => this.reconcile(), 1, (_k, err) => opts.log.error('load balancer data plane apply failed; retrying', { err }));
  }

  /** The servers HAProxy runs now (server id → entry), for the health reader. */
  servers(): ReadonlyMap<string, ServerEntry> {
    return this.applied?.servers ?? new Map();
  }

  async start(): Promise<void> {
    mkdirSync(this.opts.runDir, { recursive: true, mode: 0o700 });
    writeErrorPages(this.opts.runDir);
    writeWatchdog(this.opts.runDir);
    this.unwatch = this.opts.store.watch((c) => {
      if (WATCHED.includes(c.kind)) this.queue.add(KEY);
    });
    this.queue.add(KEY);
    await this.queue.idle();
  }

  /** Called by the health reader when the master has died: the next reconcile starts a new one. */
  restart(): void {
    this.opts.log.warn('load balancer data plane (HAProxy) is not running; starting it again');
    this.applied = undefined;
    this.queue.add(KEY);
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    this.queue.close();
    await this.queue.idle();
    await this.process.stop();
  }

  private renderOptions(): RenderOptions {
    return { runDir: this.opts.runDir, bindIp: this.opts.bindIp };
  }

  private get certDir(): string {
    return join(this.opts.runDir, 'certs');
  }

  /** An HTTPS listener whose certificate is gone (deleted behind its back, or its key no longer decrypts) is not served; said once per change. */
  private reportMissing(arns: string[]): void {
    const now = [...new Set(arns)].sort().join(' ');
    if (now && now !== this.missing) this.opts.log.warn('HTTPS listener certificates unavailable; listeners without their default certificate are not served', { certificates: now });
    this.missing = now;
  }

  private async reconcile(): Promise<void> {
    const spec = buildSpec(this.opts.store, this.opts.publishIp);
    const certificates = this.opts.certificates;
    const tls = tlsFiles(spec.listeners, certificates && ((scope, arn) => certificates.bundle(scope, arn)), this.certDir);
    this.reportMissing(tls.missing);
    const rendered = render(spec, { ...this.renderOptions(), crtLists: tls.crtLists });
    if (this.applied && this.applied.structure === rendered.structure && this.process.isAlive()) {
      await syncServers(this.process.adminSocket, this.applied.servers, rendered.servers);
      writeFileSync(this.process.configPath, rendered.config);
      return;
    }
    writeTlsFiles(this.certDir, tls.files);
    await this.process.validate(rendered.config);
    writeFileSync(this.process.configPath, rendered.config);
    this.counterEpoch++;
    try {
      await this.startOrReload();
    } finally {
      this.counterEpoch++;
    }
    // Only the servers in the file run now; draining ones were written disabled.
    this.applied = { structure: rendered.structure, servers: new Map(rendered.servers.map((s) => [serverId(s), s])) };
    pruneTlsFiles(this.certDir, tls.files);
    await this.holdBackUnproven(rendered.servers);
  }

  private async startOrReload(): Promise<void> {
    if (await this.process.adopt()) {
      await this.process.saveServerState();
      await this.process.reload();
    } else {
      await this.process.start();
    }
  }

  /** After a (re)start, servers come up assumed healthy: mark down the targets not already seen healthy. */
  private async holdBackUnproven(servers: ServerEntry[]): Promise<void> {
    for (const s of servers) {
      if (!s.checked || s.draining) continue;
      const health = this.opts.store.get<TargetHealthDoc>(KIND.targetHealth, s.targetKey)?.doc;
      if (health?.state !== 'healthy') await markDown(this.process.adminSocket, s);
    }
  }
}
