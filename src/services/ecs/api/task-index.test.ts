/**
 * Counts and pages that come from the task index, through the ECS API on both stores:
 * the SQLite store keeps index entries and counters, the memory store scans, and the
 * answers must be the same.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { openSqliteStore } from '../../../state/sqlite-store.js';
import { Store } from '../../../state/store.js';
import { KIND } from '../domain/names.js';
import { ecsApi } from './api-harness.js';
import { TaskDoc } from '../domain/task-doc.js';

const AWSVPC = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'] } };

async function scenario(store: Store) {
  const { call } = ecsApi(new ManualClock('2026-01-01T00:00:00Z'), store);
  await call('CreateCluster', { clusterName: 'c' });
  await call('RegisterTaskDefinition', { family: 'web', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'a', image: 'x' }] });
  await call('RegisterTaskDefinition', { family: 'job', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'a', image: 'x' }] });
  await call('CreateService', { cluster: 'c', serviceName: 's', taskDefinition: 'web', desiredCount: 0, launchType: 'FARGATE', networkConfiguration: AWSVPC });
  const run = async (family: string, count: number, startedBy: string) =>
    (await call('RunTask', { cluster: 'c', taskDefinition: family, count, launchType: 'FARGATE', networkConfiguration: AWSVPC, startedBy })).tasks.map((t) => t.taskArn);
  const web = await run('web', 10, 'me');
  const job = await run('job', 5, 'cron');
  const set = (arns: string[], change: Partial<TaskDoc>) => store.transact((tx) => {
    for (const r of tx.list<TaskDoc>(KIND.task)) if (arns.includes(r.doc.taskArn)) tx.put(KIND.task, r.id, { ...r.doc, ...change });
  });
  set(web.slice(0, 6), { lastStatus: 'RUNNING' });
  set(web.slice(6, 8), { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' });
  set(job.slice(0, 1), { lastStatus: 'RUNNING' });
  const cluster = (await call('DescribeClusters', { clusters: ['c'] })).clusters[0];
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const out = await call('ListTasks', { cluster: 'c', family: 'web', maxResults: 3, nextToken });
    pages.push(out.taskArns);
    nextToken = out.nextToken;
  } while (nextToken);
  const stopped = (await call('ListTasks', { cluster: 'c', desiredStatus: 'STOPPED' })).taskArns;
  const byStarter = (await call('ListTasks', { cluster: 'c', startedBy: 'cron', family: 'job' })).taskArns;
  return { cluster, pages, stopped, byStarter, web, job };
}

describe('ECS counts and pages from the task index', () => {
  for (const [name, open] of [['memory', () => ({ store: new MemoryStore(silentLogger), done: () => {} })], ['sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-idx-'));
    const store = openSqliteStore(join(dir, 'state.db'), silentLogger);
    return { store, done: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }]] as const) {
    it(`DescribeClusters counts and ListTasks filters and pages agree with the tasks (${name} store)`, async () => {
      const { store, done } = open();
      try {
        const r = await scenario(store);
        assert.equal(r.cluster.runningTasksCount, 7);
        assert.equal(r.cluster.pendingTasksCount, 6);
        assert.equal(r.cluster.activeServicesCount, 1);
        assert.deepEqual(r.pages.map((p) => p.length), [3, 3, 2]);
        assert.deepEqual(new Set(r.pages.flat()), new Set([...r.web.slice(0, 6), ...r.web.slice(8)]));
        assert.deepEqual(new Set(r.stopped), new Set(r.web.slice(6, 8)));
        assert.deepEqual(new Set(r.byStarter), new Set(r.job));
      } finally {
        done();
      }
    });
  }
});
