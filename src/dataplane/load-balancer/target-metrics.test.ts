/** HAProxy counters → increments → ELB's per-target-group datapoints. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServerStat } from './stats.js';
import { CounterDeltas, GroupTally, lbDimension, tgDimension } from './target-metrics.js';

const stat = (totalSessions: number, http: ServerStat['http'] = [totalSessions, 0, 0, 0], responseTimeMs = 0): ServerStat =>
  ({ backend: 'tg_1', server: 't_1', status: 'UP', checkStatus: 'L7OK', checkCode: '200', currentSessions: 0, totalSessions, responseTimeMs, http });

const ALB = 'arn:aws:elasticloadbalancing:eu-west-2:111122223333:loadbalancer/app/web/50dc6c495c0c9188';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/tcp/60dc6c495c0c9188';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/main/73e2d6bc24d8a067';

describe('CounterDeltas', () => {
  const reading = (d: CounterDeltas, epoch: number, rows: [string, number][]) => {
    d.begin(epoch);
    const out = rows.map(([id, n]) => d.take(id, stat(n)).requests);
    d.end();
    return out;
  };

  it('counts what was served since the previous reading of the same generation', () => {
    const d = new CounterDeltas();
    assert.deepEqual(reading(d, 0, [['a', 10], ['b', 0]]), [10, 0], 'a first reading counts from the worker start');
    assert.deepEqual(reading(d, 0, [['a', 15], ['b', 4]]), [5, 4]);
    assert.deepEqual(d.take('a', stat(25, [20, 3, 1, 1], 7)), { requests: 10, http: [5, 3, 1, 1], responseTimeMs: 7 });
  });

  it('starts again from zero after a reload, a re-added server, or a server not read', () => {
    const d = new CounterDeltas();
    reading(d, 0, [['a', 100], ['b', 100]]);
    assert.deepEqual(reading(d, 2, [['a', 30]]), [30], 'a new generation');
    assert.deepEqual(reading(d, 2, [['a', 10], ['b', 120]]), [10, 120], 'a went lower (deleted and added again); b was not read last time');
  });
});

describe('GroupTally', () => {
  it('publishes ELB series per TargetGroup and LoadBalancer with AWS dimension values', () => {
    const tally = new GroupTally(TG, [ALB]);
    tally.countHealth('healthy');
    tally.countHealth('healthy');
    tally.countHealth('unhealthy');
    tally.countHealth('draining');
    tally.add({ requests: 3, http: [2, 0, 0, 1], responseTimeMs: 20 });
    tally.add({ requests: 1, http: [1, 0, 0, 0], responseTimeMs: 100 });
    tally.add({ requests: 0, http: [0, 0, 0, 0], responseTimeMs: 500 });
    const at = new Date('2026-01-01T00:00:00Z');
    const points = tally.datapoints(at);
    const dimensions = [{ name: 'LoadBalancer', value: 'app/web/50dc6c495c0c9188' }, { name: 'TargetGroup', value: 'targetgroup/main/73e2d6bc24d8a067' }];
    for (const p of points) {
      assert.deepEqual([p.accountId, p.region, p.namespace, p.timestamp, p.dimensions, p.storageResolution], ['111122223333', 'eu-west-2', 'AWS/ApplicationELB', at, dimensions, 60]);
    }
    assert.deepEqual(new Set(tally.datapoints(at, 1).map((p) => p.storageResolution)), new Set([1]), 'at 1 s when asked');
    const count = (sum: number) => ({ sum, sampleCount: sum, minimum: 1, maximum: 1 });
    const rounded = (x: object | number | undefined) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
    assert.deepEqual(points.map((p) => [p.metricName, rounded(p.value ?? p.statistics), p.unit]), [
      ['HealthyHostCount', 2, 'Count'],
      ['UnHealthyHostCount', 1, 'Count'],
      ['RequestCount', count(4), 'Count'],
      ['HTTPCode_Target_2XX_Count', count(3), 'Count'],
      ['HTTPCode_Target_5XX_Count', count(1), 'Count'],
      ['TargetResponseTime', { sum: 0.16, sampleCount: 4, minimum: 0.02, maximum: 0.1 }, 'Seconds'],
      ['RequestCountPerTarget', { sum: 2, sampleCount: 1, minimum: 2, maximum: 2 }, 'None'],
    ]);
  });

  it('divides RequestCountPerTarget by every target when none is healthy', () => {
    const tally = new GroupTally(TG, [ALB]);
    tally.countHealth('unhealthy');
    tally.countHealth('unhealthy');
    tally.add({ requests: 6, http: [6, 0, 0, 0], responseTimeMs: 1 });
    assert.equal(tally.datapoints(new Date(0)).find((p) => p.metricName === 'RequestCountPerTarget')!.statistics!.sum, 3);
  });

  it('reports host counts without traffic, and only host counts for network load balancers', () => {
    assert.deepEqual(new GroupTally(TG, [ALB]).datapoints(new Date(0)).map((p) => p.metricName), ['HealthyHostCount', 'UnHealthyHostCount']);
    const nlb = new GroupTally(TG, [NLB]);
    nlb.add({ requests: 5, http: [0, 0, 0, 0], responseTimeMs: 0 });
    assert.deepEqual(nlb.datapoints(new Date(0)).map((p) => [p.namespace, p.metricName]), [['AWS/NetworkELB', 'HealthyHostCount'], ['AWS/NetworkELB', 'UnHealthyHostCount']]);
    assert.deepEqual(new GroupTally(TG, []).datapoints(new Date(0)), [], 'a group no load balancer uses has no series');
  });

  it('derives the dimension values from the ARNs', () => {
    assert.equal(lbDimension(NLB), 'net/tcp/60dc6c495c0c9188');
    assert.equal(tgDimension(TG), 'targetgroup/main/73e2d6bc24d8a067');
  });
});
