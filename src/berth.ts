/**
 * The composition root: the only place that knows the concrete store (SQLite) and
 * runtime (Docker). `startBerth` is used by main.ts and by the e2e tests.
 */
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { hexId } from './platform/ids.js';
import { Config } from './platform/config.js';
import { systemClock } from './platform/clock.js';
import { Logger } from './platform/log.js';
import { Gateway } from './protocol/gateway.js';
import { credentialLookup, loadRootCredentials, RootCredentials } from './iam/root-credentials.js';
import { openSqliteStore } from './state/sqlite-store.js';
import { Store } from './state/store.js';
import { DockerRuntime } from './runtime/docker/docker-runtime.js';
import { ContainerRuntime } from './runtime/runtime.js';
import { ensurePauseImage } from './runtime/pause-image.js';
import { ecsService } from './services/ecs/provider.js';
import { LocalHost } from './services/ecs/context.js';
import { registerLocalInstances } from './services/ecs/local-host.js';
import { TaskController } from './controllers/tasks/task-controller.js';
import { AwsvpcNetworks } from './controllers/tasks/awsvpc.js';

export interface Berth {
  endpoint: string;
  port: number;
  ownerId: string;
  credentials: RootCredentials;
  store: Store;
  runtime: ContainerRuntime;
  tasks: TaskController;
  close(): Promise<void>;
}

/** A stable id per data dir: labels this Berth's containers apart from any other's on the engine. */
function ownerId(dataDir: string): string {
  const file = join(dataDir, 'owner-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = hexId(8);
  writeFileSync(file, id + '\n');
  return id;
}

async function localHost(runtime: ContainerRuntime, autoRegister: boolean): Promise<LocalHost> {
  const info = await runtime.info();
  return {
    autoRegister,
    cpus: info.cpus,
    memoryMiB: Math.floor(info.memoryBytes / (1024 * 1024)),
    hostname: info.hostname,
    dockerVersion: info.serverVersion,
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startBerth(config: Config, log: Logger): Promise<Berth> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = openSqliteStore(join(config.dataDir, 'state.db'));
  const credentials = loadRootCredentials(config.dataDir, { accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey });
  const owner = ownerId(config.dataDir);
  const runtime = new DockerRuntime({ dockerHost: config.dockerHost });
  const host = await localHost(runtime, config.localInstance).catch((e) => {
    throw new Error(`cannot reach the Docker Engine at ${config.dockerHost}: ${e instanceof Error ? e.message : e}`);
  });
  registerLocalInstances(store, host, systemClock.now());
  const pauseImage = await ensurePauseImage(runtime);
  const tasks = new TaskController({
    store, runtime, clock: systemClock, log, ownerId: owner, publishIp: config.publishIp,
    stoppedTaskRetentionMs: config.stoppedTaskRetentionSeconds * 1000, concurrency: config.taskConcurrency,
    networks: new AwsvpcNetworks(runtime, owner), pauseImage,
  });
  await tasks.start();
  const gateway = new Gateway({
    services: [ecsService({ store, clock: systemClock, log, host })],
    credentials: credentialLookup(credentials),
    accountId: config.accountId,
    log,
  });
  const server = createServer({ keepAliveTimeout: 65_000 }, gateway.listener);
  const port = await listen(server, config.port, config.bindHost);
  const endpoint = `http://${config.bindHost.includes(':') ? `[${config.bindHost}]` : config.bindHost}:${port}`;
  return {
    endpoint, port, ownerId: owner, credentials, store, runtime, tasks,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await tasks.stop();
      await runtime.close();
      store.close();
    },
  };
}
