/**
 * Load balancer metrics end to end: real requests through Berth's HAProxy show up in
 * `<data-dir>/metrics.db` as AWS/ApplicationELB series, exactly counted across a reload,
 * and the document store (state.db) sees no commit while traffic flows.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { openSqliteMetricsStore } from '../../src/metrics/sqlite-metrics-store.js';
import { MetricsStore, Statistic } from '../../src/metrics/store.js';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { elbv2, freePort, get, spread, startTarget, TestTarget } from '../support/elbv2-helpers.js';

const INSTANCE = 'i-0123456789abcdef0';

describe('ELBv2 metrics through Berth', () => {
  let berth: RunningBerth;
  let elb: ElasticLoadBalancingV2Client;
  let targets: TestTarget[];
  let metrics: MetricsStore;
  let state: Database.Database;
  let port: number, lbArn: string, tgArn: string, listenerArn: string;

  const sum = (metricName: string, statistic: Statistic = 'Sum') => {
    const dimensions = [{ name: 'LoadBalancer', value: lbArn.split(':loadbalancer/')[1] }, { name: 'TargetGroup', value: tgArn.split(':').slice(5).join(':') }];
    const points = metrics.query({ series: { ...lbScope(), namespace: 'AWS/ApplicationELB', metricName, dimensions }, start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 60_000), period: 7200, statistics: [statistic] });
    return points[0]?.values[statistic] ?? 0;
  };
  /** The load balancer's account and region, where its series are. */
  const lbScope = () => ({ region: lbArn.split(':')[3], accountId: lbArn.split(':')[4] });
  const counted = (n: number) => eventually(async () => sum('RequestCount') === n, `RequestCount to reach ${n}`, 10_000, 200);

  before(async () => {
    berth = await startBerthProcess();
    elb = elbv2(berth);
    targets = await Promise.all([startTarget('a'), startTarget('b')]);
    port = await freePort();
    metrics = openSqliteMetricsStore(join(berth.dataDir, 'metrics.db'));
    state = new Database(join(berth.dataDir, 'state.db'), { fileMustExist: true });
  });
  after(async () => {
    metrics?.close();
    state?.close();
    await berth?.destroy();
    await Promise.all((targets ?? []).map((t) => t.close()));
  });

  it('counts every request, by status class, with no document store commit while traffic flows', async () => {
    lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'metrics', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] }))).LoadBalancers![0].LoadBalancerArn!;
    tgArn = (await elb.send(new CreateTargetGroupCommand({
      Name: 'metrics', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0', HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2,
    }))).TargetGroups![0].TargetGroupArn!;
    listenerArn = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] }))).Listeners![0].ListenerArn!;
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: targets.map((t) => ({ Id: INSTANCE, Port: t.port })) }));
    await eventually(async () => {
      const health = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions ?? [];
      return health.length === 2 && health.every((h) => h.TargetHealth?.State === 'healthy');
    }, 'both targets healthy', 30_000, 250);

    // data_version moves when another connection commits to state.db.
    const version = () => state.pragma('data_version', { simple: true });
    const before = version();
    assert.deepEqual(await spread(port, 20), { a: 10, b: 10 });
    await counted(20);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(version(), before, 'the document store saw a commit during traffic');
    assert.equal(sum('HTTPCode_Target_2XX_Count'), 20);
    assert.equal(sum('RequestCount', 'Average'), 1);
    assert.equal(sum('HealthyHostCount', 'Maximum'), 2);
    assert.ok(sum('TargetResponseTime', 'Maximum') < 1);
    assert.deepEqual(metrics.listMetrics({ scope: lbScope(), namespace: 'AWS/ApplicationELB', metricName: 'RequestCount' }).map((m) => m.dimensions.map((d) => d.name)), [['LoadBalancer', 'TargetGroup']]);
  });

  it('counts across a reload: the new workers start from zero', async () => {
    await elb.send(new CreateRuleCommand({
      ListenerArn: listenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/probe'] }],
      Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'probe' } }],
    }));
    // The rule answering means the reloaded workers serve; probes never reach a target.
    await eventually(async () => (await get(port, '/probe')).body === 'probe', 'the reload', 10_000);
    // More per server than before the reload, so subtracting the old counters would undercount.
    assert.deepEqual(await spread(port, 30), { a: 15, b: 15 });
    await counted(50);
  });
});
