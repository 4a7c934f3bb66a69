/**
 * The health reader over memory stores, fed `show stat` readings directly: health goes to
 * the document store on change only, counters to the metrics store, and traffic alone
 * gives the document store's watchers nothing to see.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../platform/clock.js';
import { silentLogger } from '../../platform/log.js';
import { RequestContext } from '../../protocol/service.js';
import { MemoryMetricsStore } from '../../metrics/memory-metrics-store.js';
import { Statistic } from '../../metrics/store.js';
import { KIND } from '../../services/elbv2/domain/names.js';
import { elbv2Service } from '../../services/elbv2/api/provider.js';
import { registerTargets, targetHealth } from '../../services/elbv2/domain/targets-api.js';
import { MemoryStore } from '../../state/memory-store.js';
import { Change } from '../../state/store.js';
import { HealthReader, ReaderManager } from './health-reader.js';
import { render, ServerEntry } from './render.js';
import { serverId } from './server-sync.js';
import { buildSpec } from './spec.js';
import { ServerStat } from './stats.js';
import { lbDimension, tgDimension } from './target-metrics.js';
import { Operations } from '../../protocol/generated/elbv2.js';
import { Answer } from '../../services/elbv2/api/api-harness.js';
import { callHandler } from '../../protocol/service.js';

/** Not Berth's default account and region: the series must land in the load balancer's own. */
const ctx: RequestContext = { requestId: 'r', region: 'eu-west-2', accountId: '111122223333', accessKeyId: 'AK', now: new Date() };
const INSTANCE = 'i-0123456789abcdef0';
const PORTS = [8001, 8002];

async function setup(minuteSeconds?: number) {
  const store = new MemoryStore(silentLogger);
  const metrics = new MemoryMetricsStore();
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const { handlers } = elbv2Service({ store, clock, portAvailable: async () => true });
  const call = async <K extends keyof Operations>(op: K, input: object) => (await callHandler(handlers[op]!, input, ctx)) as Answer<Operations[K]['output']>;
  const tg = (await call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0' })).TargetGroups[0].TargetGroupArn as string;
  const lb = (await call('CreateLoadBalancer', { Name: 'web', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] })).LoadBalancers[0].LoadBalancerArn as string;
  await call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTP', Port: 8000, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] });
  registerTargets(store, tg, PORTS.map((port) => ({ id: INSTANCE, port })));
  const servers = render(buildSpec(store, '127.0.0.1'), { runDir: '/run', bindIp: '127.0.0.1' }).servers;
  const manager: ReaderManager = {
    servers: () => new Map(servers.map((s) => [serverId(s), s])),
    restart: () => {},
    counterEpoch: 0,
    process: { isAlive: () => true, adminSocket: '/nonexistent' },
  };
  const reader = new HealthReader(store, metrics, manager, clock, silentLogger, { minuteSeconds });
  /** One reading where every primary has served `requests` (2xx) since its worker started. */
  const observe = (requests: number, epoch: number | 'during a reload' = 0, status = 'UP') => {
    reader.observe(servers.map((s) => row(s, s.backup ? 0 : requests, status)), epoch === 'during a reload' ? undefined : epoch);
    clock.advance(1000);
  };
  const series = (metricName: string, statistics: Statistic[] = ['Sum'], period = 3600) =>
    metrics.query({
      series: { accountId: ctx.accountId, region: ctx.region, namespace: 'AWS/ApplicationELB', metricName, dimensions: [{ name: 'LoadBalancer', value: lbDimension(lb) }, { name: 'TargetGroup', value: tgDimension(tg) }] },
      start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-02T00:00:00Z'), period, statistics,
    }).map((d) => d.values);
  return { store, metrics, tg, observe, series };
}

function row(s: ServerEntry, requests: number, status: string): ServerStat {
  return { backend: s.backend, server: s.name, status, checkStatus: status === 'UP' ? 'L7OK' : 'L7STS', checkCode: status === 'UP' ? '200' : '500', currentSessions: 0, totalSessions: requests, responseTimeMs: 250, http: [requests, 0, 0, 0] };
}

describe('HealthReader', () => {
  it('puts traffic in the metrics store and nothing in the document store: its watchers see no change', async () => {
    const { store, tg, observe, series } = await setup();
    observe(0);
    assert.deepEqual(targetHealth(store, tg).map((t) => t.state), ['healthy', 'healthy']);
    const changes: Change[] = [];
    store.watch((c) => changes.push(c));
    for (let i = 1; i <= 30; i++) observe(i * 7);
    assert.deepEqual(changes, [], 'a watcher saw a metrics write');
    assert.deepEqual(series('RequestCount', ['Sum', 'Average']), [{ Sum: 2 * 30 * 7, Average: 1 }]);
    assert.deepEqual(series('HTTPCode_Target_2XX_Count'), [{ Sum: 2 * 30 * 7 }]);
    assert.deepEqual(series('TargetResponseTime', ['Average', 'Maximum']), [{ Average: 0.25, Maximum: 0.25 }]);
    assert.deepEqual(series('HealthyHostCount', ['Minimum', 'Maximum']), [{ Minimum: 2, Maximum: 2 }]);
    assert.deepEqual(store.list(KIND.targetHealth).length, 2);
  });

  const resolutions: Array<[string, number | undefined, number[]]> = [
    ['the standard minute: one 60-s bucket', undefined, [2 * 12]],
    ['a shortened minute: 1-s buckets, as the ECS collector writes', 5, [0, 2 * 5, 2 * 7]],
  ];
  for (const [what, minuteSeconds, sums] of resolutions) {
    it(`writes at the resolution of ${what}`, async () => {
      const { observe, series } = await setup(minuteSeconds);
      observe(0);
      observe(5);
      observe(12);
      assert.deepEqual(series('HealthyHostCount', ['Sum'], 1).length, sums.length);
      assert.deepEqual(series('RequestCount', ['Sum'], 1).map((v) => v.Sum), sums.filter((n) => n > 0));
    });
  }

  it('writes health on change only, and counts unhealthy hosts', async () => {
    const { store, observe, series } = await setup();
    observe(0);
    const changes: Change[] = [];
    store.watch((c) => changes.push(c));
    observe(0, 0, 'DOWN');
    observe(0, 0, 'DOWN');
    assert.deepEqual(changes.map((c) => [c.kind, (c.record?.doc as { state: string }).state]), [[KIND.targetHealth, 'unhealthy'], [KIND.targetHealth, 'unhealthy']]);
    assert.deepEqual(series('UnHealthyHostCount', ['Maximum']), [{ Maximum: 2 }]);
  });

  it('counts nothing from a read that overlapped a reload, and counts a new generation from zero', async () => {
    const { observe, series } = await setup();
    observe(100);
    observe(150);
    observe(999, 'during a reload');
    observe(30, 2);
    assert.deepEqual(series('RequestCount'), [{ Sum: 2 * 180 }]);
  });

  it('drops the per-target documents an older Berth wrote', async () => {
    const { store } = await setup();
    store.transact((tx) => tx.put('elbv2/target-metrics', 'x', { requests: 1 }));
    const reader = new HealthReader(store, new MemoryMetricsStore(), { servers: () => new Map(), restart: () => {}, counterEpoch: 0, process: { isAlive: () => true, adminSocket: '' } }, new ManualClock(), silentLogger, { intervalMs: 60_000 });
    reader.start();
    reader.stop();
    assert.deepEqual(store.list('elbv2/target-metrics'), []);
  });
});
