/**
 * The composition root: the only place that knows the concrete store (SQLite) and
 * runtime (Docker), and the list of modules. `startBerth` is used by main.ts and tests.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { secureDataDir } from './platform/data-dir.js';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { edgeCertificate } from './edge-tls.js';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { hexId } from './platform/ids.js';
import { Config } from './platform/config.js';
import { systemClock } from './platform/clock.js';
import { Logger } from './platform/log.js';
import { Gateway } from './protocol/gateway.js';
import { credentialLookup, loadRootCredentials, RootCredentials } from './iam/root-credentials.js';
import { edgeAccess } from './iam/edge-access.js';
import { openSqliteStore } from './state/sqlite-store.js';
import { Store } from './state/store.js';
import { MetricsCompactor } from './metrics/compactor.js';
import { RuntimePool } from './runtime/runtime-pool.js';
import { startAdminSocket } from './platform/admin-socket.js';
import { DEFAULT_SCOPE, openSqliteMetricsStore } from './metrics/sqlite-metrics-store.js';
import { MetricsStore } from './metrics/store.js';
import { DockerRuntime } from './runtime/docker/docker-runtime.js';
import { ContainerRuntime } from './runtime/runtime.js';
import { BerthModule, buildModules, ModuleContext, ModuleDefinition } from './module.js';
import { ecsModule } from './services/ecs/module.js';
import { ecrModule } from './services/ecr/module.js';
import { elbv2Module } from './services/elbv2/module.js';
import { stsModule } from './services/sts/module.js';
import { iamModule } from './services/iam/module.js';
import { kmsModule } from './services/kms/module.js';
import { ssmModule } from './services/ssm/module.js';
import { secretsManagerModule } from './services/secretsmanager/module.js';
import { acmModule } from './services/acm/module.js';
import { logsModule } from './services/logs/module.js';
import { cloudwatchModule } from './services/cloudwatch/module.js';
import { applicationAutoScalingModule } from './services/application-autoscaling/module.js';

export interface Berth {
  endpoint: string;
  port: number;
  ownerId: string;
  credentials: RootCredentials;
  store: Store;
  metrics: MetricsStore;
  runtime: ContainerRuntime;
  modules: BerthModule[];
  close(): Promise<void>;
}

/** Every module Berth runs; they are built (and started) in the order their ports require. */
const MODULES: ModuleDefinition[] = [ecrModule, logsModule, ecsModule, elbv2Module, iamModule, stsModule, kmsModule, ssmModule, secretsManagerModule, acmModule, cloudwatchModule, applicationAutoScalingModule];

/** A stable id per data dir: labels this Berth's containers apart from any other's on the engine. */
function ownerId(dataDir: string): string {
  const file = join(dataDir, 'owner-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = hexId(8);
  writeFileSync(file, id + '\n');
  return id;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function unavailable(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(503, { 'content-type': 'text/plain' }).end('Berth is starting\n');
}

export async function startBerth(config: Config, log: Logger): Promise<Berth> {
  secureDataDir(config.dataDir);
  const store = openSqliteStore(join(config.dataDir, 'state.db'));
  // A database of its own: metric writes take neither the documents' write lock nor their fsyncs.
  // Series from before metrics had an account and region belong to this Berth's account.
  const metrics = openSqliteMetricsStore(join(config.dataDir, 'metrics.db'), { accountId: config.accountId, region: DEFAULT_SCOPE.region });
  const compactor = new MetricsCompactor(metrics, systemClock, log);
  compactor.start();
  const credentials = loadRootCredentials(config.dataDir, { accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey });
  const runtime = new DockerRuntime({ dockerHost: config.dockerHost });
  await runtime.info().catch((e) => {
    throw new Error(`cannot reach the Docker Engine at ${config.dockerHost}: ${e instanceof Error ? e.message : e}`);
  });
  // The edge binds first so modules know the real port (registry URIs name it).
  let handle: (req: IncomingMessage, res: ServerResponse) => void = unavailable;
  const listener = (req: IncomingMessage, res: ServerResponse) => handle(req, res);
  const tls = config.tls ? await edgeCertificate(config.dataDir, systemClock.now()) : undefined;
  const server: Server = tls ? createHttpsServer({ ...tls, keepAliveTimeout: 65_000 }, listener) : createServer({ keepAliveTimeout: 65_000 }, listener);
  const port = await listen(server, config.port, config.bindHost);
  // The certificate names localhost; a client must use that name to verify it.
  const host = tls ? 'localhost' : config.bindHost.includes(':') ? `[${config.bindHost}]` : config.bindHost;
  const endpoint = `${tls ? 'https' : 'http'}://${host}:${port}`;
  const runtimes = new RuntimePool(runtime, (e) => new DockerRuntime({ dockerHost: e.dockerHost, tls: e.tlsCertDir ? { certDir: e.tlsCertDir } : undefined, ssh: e.ssh }));
  const ctx: ModuleContext = {
    config, store, metrics, runtime, runtimes, clock: systemClock, log, ownerId: ownerId(config.dataDir), credentials, port, endpoint,
    edge: (req, res) => handle(req, res),
  };
  const modules = await buildModules(ctx, MODULES);
  for (const m of modules) await m.start?.();
  const admin = await startAdminSocket(join(config.dataDir, 'admin.sock'), Object.assign({}, ...modules.map((m) => m.admin ?? {})), log);
  const gateway = new Gateway({
    services: modules.flatMap((m) => m.services ?? []),
    rawRoutes: Object.assign({}, ...modules.map((m) => m.rawRoutes ?? {})),
    ...edgeAccess(config.iamEnforcement, credentialLookup(credentials), modules.find((m) => m.ports?.iamDirectory)?.ports?.iamDirectory),
    accountId: config.accountId,
    log,
  });
  handle = gateway.listener;
  return {
    endpoint, port, ownerId: ctx.ownerId, credentials, store, metrics, runtime, modules,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await admin.close();
      for (const m of [...modules].reverse()) await m.stop?.();
      await runtimes.close();
      await runtime.close();
      compactor.stop();
      metrics.close();
      store.close();
    },
  };
}
