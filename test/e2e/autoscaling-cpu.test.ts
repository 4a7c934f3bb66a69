/**
 * Issue 10's promise end to end, on real containers with CloudWatch's minute shortened to
 * 5 s: AWS/ECS CPUUtilization of a task limited to 0.5 vCPU burning one thread is within 10
 * points of the truth (100% of its reservation); a service whose tasks burn CPU scales out
 * under target tracking to its maximum, and back in to its minimum once the load stops.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ecs from '@aws-sdk/client-ecs';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  ApplicationAutoScalingClient, DescribeScalingActivitiesCommand, PutScalingPolicyCommand, RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const MINUTE_S = 5;
/** Burns one thread until the host creates /ctl/stop, then idles. */
const BURN = ['sh', '-c', 'while [ ! -f /ctl/stop ]; do :; done; exec sleep 3600'];

describe('CPU metrics from real containers drive target tracking', () => {
  let berth: RunningBerth;
  let client: ecs.ECSClient;
  let cloudwatch: CloudWatchClient;
  let scaling: ApplicationAutoScalingClient;
  let control: string;
  let image: string;

  before(async () => {
    image = await ensureBusyboxImage();
    control = mkdtempSync(join(tmpdir(), 'berth-burn-'));
    berth = await startBerthProcess({ args: ['--metric-period-seconds', String(MINUTE_S)] });
    client = berth.ecs();
    const opts = { endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    cloudwatch = new CloudWatchClient(opts);
    scaling = new ApplicationAutoScalingClient(opts);
    await client.send(new ecs.CreateClusterCommand({ clusterName: 'cpu' }));
    await client.send(new ecs.RegisterTaskDefinitionCommand({
      family: 'burn', cpu: '512', memory: '128',
      volumes: [{ name: 'ctl', host: { sourcePath: control } }],
      containerDefinitions: [{ name: 'burn', image, command: BURN, mountPoints: [{ sourceVolume: 'ctl', containerPath: '/ctl', readOnly: true }], stopTimeout: 1 }],
    }));
  });
  after(async () => {
    client?.destroy();
    await berth?.destroy();
    rmSync(control, { recursive: true, force: true });
  });

  const cpu = async (dimensions: { Name: string; Value: string }[], seconds: number) => {
    const end = new Date();
    const out = await cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: dimensions,
      StartTime: new Date(end.getTime() - seconds * 1000), EndTime: end, Period: MINUTE_S, Statistics: ['Average'],
    }));
    return (out.Datapoints ?? []).map((d) => d.Average!);
  };
  const desired = async () => (await client.send(new ecs.DescribeServicesCommand({ cluster: 'cpu', services: ['web'] }))).services![0].desiredCount;

  it('reports a 0.5 vCPU task burning one thread at 100% of its reservation (±10 points)', async () => {
    await client.send(new ecs.CreateServiceCommand({ cluster: 'cpu', serviceName: 'web', taskDefinition: 'burn', desiredCount: 1 }));
    const dims = [{ Name: 'ClusterName', Value: 'cpu' }, { Name: 'ServiceName', Value: 'web' }];
    const values = await eventually(async () => {
      const v = await cpu(dims, 6 * MINUTE_S);
      return v.length >= 3 && v;
    }, 'three datapoints of the service\'s CPU', 90_000, 1000);
    const recent = values.slice(-3);
    for (const v of recent) assert.ok(Math.abs(v - 100) <= 10, `CPUUtilization ${recent.join(', ')} should be within 10 points of 100`);
  });

  it('scales out to the maximum under target tracking, and back in once the load stops', async () => {
    const ResourceId = 'service/cpu/web';
    await scaling.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 1, MaxCapacity: 3 }));
    await scaling.send(new PutScalingPolicyCommand({
      PolicyName: 'cpu50', ServiceNamespace: 'ecs', ResourceId, ScalableDimension: 'ecs:service:DesiredCount', PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 0, ScaleInCooldown: 0,
      },
    }));
    // AlarmHigh needs 3 datapoints over the target: a few shortened minutes per step.
    await eventually(async () => (await desired()) === 3, 'the service to scale out to 3', 180_000, 1000);
    writeFileSync(join(control, 'stop'), '');
    // AlarmLow needs 15 datapoints under 90% of the target.
    await eventually(async () => (await desired()) === 1, 'the service to scale back in to 1', 240_000, 1000);
    const activities = await scaling.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId }));
    const texts = (activities.ScalingActivities ?? []).map((a) => a.Description);
    assert.ok(texts.includes('Setting desired count to 1.'), texts.join('\n'));
    assert.ok(texts.some((t) => /Setting desired count to [23]\./.test(t!)), texts.join('\n'));
  });
});
