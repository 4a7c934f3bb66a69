/**
 * A server for bench/api.ts, run as its own process so the load generator does not share
 * its event loop. `berth <tasks>`: Berth's edge and ECS API (no controllers, no Docker) on
 * a fresh SQLite store filled through the API with <tasks> tasks, then marked RUNNING as
 * the task controller would. `bare`: node:http answering a DescribeClusters-sized body.
 * Prints one JSON line: { port, taskArns } once ready.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALLOW_ALL } from '../src/services/ecs/domain/host-access.js';
import { systemClock } from '../src/platform/clock.js';
import { silentLogger } from '../src/platform/log.js';
import { Gateway } from '../src/protocol/gateway.js';
import { callHandler, RequestContext } from '../src/protocol/service.js';
import { ecsService } from '../src/services/ecs/api/provider.js';
import { KIND } from '../src/services/ecs/domain/names.js';
import { TaskDoc } from '../src/services/ecs/domain/task-doc.js';
import { openSqliteStore } from '../src/state/sqlite-store.js';
import { Store } from '../src/state/store.js';
import { TEST_CREDENTIALS } from '../test/support/berth-process.js';

const BARE_BODY = JSON.stringify({ clusters: [{ clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/bench', clusterName: 'bench', status: 'ACTIVE', registeredContainerInstancesCount: 1, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 1, statistics: [], tags: [], settings: [{ name: 'containerInsights', value: 'disabled' }], capacityProviders: [], defaultCapacityProviderStrategy: [] }], failures: [] });

const HOST = { autoRegister: true, cpus: 2, memoryMiB: 8192, hostname: 'bench', dockerVersion: '20.10.24' };
const AWSVPC = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'] } };

async function fill(store: Store, tasks: number): Promise<string[]> {
  const ecs = ecsService({ store, clock: systemClock, log: silentLogger, host: HOST, hostAccess: ALLOW_ALL });
  const ctx = (): RequestContext => ({ requestId: 'fill', region: 'us-east-1', accountId: '000000000000', accessKeyId: TEST_CREDENTIALS.accessKeyId, now: new Date() });
  // The answers are read loosely: this fills the store, it does not test the API.
  const call = (op: string, input: unknown) => Promise.resolve(callHandler(ecs.handlers[op]!, input, ctx())) as Promise<{ tasks: TaskDoc[] }>;
  await call('CreateCluster', { clusterName: 'bench' });
  await call('RegisterTaskDefinition', {
    family: 'bench', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512',
    containerDefinitions: [{ name: 'app', image: 'busybox', essential: true }],
  });
  await call('CreateService', { cluster: 'bench', serviceName: 'web', taskDefinition: 'bench', desiredCount: 0, launchType: 'FARGATE', networkConfiguration: AWSVPC });
  const arns: string[] = [];
  for (let made = 0; made < tasks; made += 10) {
    const out = await call('RunTask', { cluster: 'bench', taskDefinition: 'bench', count: Math.min(10, tasks - made), launchType: 'FARGATE', networkConfiguration: AWSVPC, startedBy: `batch-${made % 7}` });
    arns.push(...out.tasks.map((t: TaskDoc) => t.taskArn));
  }
  // What the task controller writes once containers run; a third of the tasks end up stopped.
  const records = store.list<TaskDoc>(KIND.task);
  for (let i = 0; i < records.length; i += 1000) {
    store.transact((tx) => {
      for (const [j, r] of records.slice(i, i + 1000).entries()) {
        const stopped = (i + j) % 3 === 2;
        tx.put(KIND.task, r.id, { ...r.doc, lastStatus: stopped ? 'STOPPED' : 'RUNNING', desiredStatus: stopped ? 'STOPPED' : 'RUNNING' });
      }
    });
  }
  return arns.filter((_a, i) => i % 3 !== 2).slice(0, 10);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function main(): Promise<void> {
  const [mode, count = '0'] = process.argv.slice(2);
  if (mode === 'bare') {
    const port = await listen(createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(BARE_BODY)));
    console.log(JSON.stringify({ port, taskArns: [] }));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-api-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  process.on('SIGTERM', () => process.exit(0));
  const store = openSqliteStore(join(dir, 'state.db'), silentLogger);
  const taskArns = await fill(store, Number(count));
  const ecs = ecsService({ store, clock: systemClock, log: silentLogger, host: HOST, hostAccess: ALLOW_ALL });
  const gateway = new Gateway({
    services: [ecs], accountId: '000000000000', log: silentLogger,
    credentials: { secretFor: (id) => (id === TEST_CREDENTIALS.accessKeyId ? TEST_CREDENTIALS.secretAccessKey : undefined) },
  });
  const port = await listen(createServer({ keepAliveTimeout: 65_000 }, gateway.listener));
  console.log(JSON.stringify({ port, taskArns }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
