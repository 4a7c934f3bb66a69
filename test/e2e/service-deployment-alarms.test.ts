/**
 * ECS deployment alarms on real containers and real CloudWatch alarms: a deployment whose
 * tasks have all replaced the old ones stays IN_PROGRESS for the bake time (Berth: the longest
 * Period × EvaluationPeriods plus one evaluation interval among the deployment's alarms) and
 * completes after it; an alarm entering ALARM during the bake fails it and rolls back. Berth
 * runs with a 1-second minute (--metric-period-seconds 1), so alarms evaluate within seconds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateClusterCommand, CreateServiceCommand, DescribeServiceDeploymentsCommand, DescribeServicesCommand, DescribeTasksCommand, ECSClient,
  ListServiceDeploymentsCommand, ListTasksCommand, RegisterTaskDefinitionCommand, Service, UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const CLUSTER = 'alarms';
const NAMESPACE = 'E2E/Deploy';

describe('ECS deployment alarms and bake time', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let cw: CloudWatchClient;
  let image: string;

  const describeService = async (name: string): Promise<Service> => (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [name] }))).services![0];
  const register = async (family: string, version: string) => (await ecs.send(new RegisterTaskDefinitionCommand({
    family,
    containerDefinitions: [{
      name: 'app', image, memory: 16, stopTimeout: 2, command: ['sleep', '600'], environment: [{ name: 'VERSION', value: version }],
      healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 1 },
    }],
  }))).taskDefinition!.taskDefinitionArn!;
  const tasksOf = async (name: string, desiredStatus: 'RUNNING' | 'STOPPED') => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: name, desiredStatus }))).taskArns!;
    return arns.length ? (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks! : [];
  };
  const putAlarm = (name: string, period: number, evaluationPeriods: number) => cw.send(new PutMetricAlarmCommand({
    AlarmName: name, Namespace: NAMESPACE, MetricName: 'Errors', Dimensions: [{ Name: 'Alarm', Value: name }], Statistic: 'Maximum',
    Period: period, EvaluationPeriods: evaluationPeriods, DatapointsToAlarm: 1, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold',
  }));
  /** Settled: one deployment, every task RUNNING on `taskDefinition`, none of the old ones left. */
  const settledOn = async (name: string, taskDefinition: string) => {
    const svc = await describeService(name);
    const running = (await tasksOf(name, 'RUNNING')).filter((t) => t.lastStatus === 'RUNNING' && t.healthStatus === 'HEALTHY');
    return svc.deployments!.length === 1 && running.length === svc.desiredCount && running.every((t) => t.taskDefinitionArn === taskDefinition) && svc;
  };

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess({ args: ['--metric-period-seconds', '1'] });
    ecs = berth.ecs();
    cw = new CloudWatchClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  });
  after(async () => {
    ecs?.destroy();
    cw?.destroy();
    await berth?.destroy();
  });

  it('completes a deployment only after the bake: 2 × 5 s periods plus a 5 s evaluation interval', async () => {
    const BAKE_MS = 15_000;
    await putAlarm('bake-short', 5, 2);
    const v1 = await register('baker', 'v1');
    await ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'baker', taskDefinition: v1, desiredCount: 2,
      deploymentConfiguration: { alarms: { alarmNames: ['bake-short', 'no-such-alarm'], enable: true, rollback: true } },
    }));
    const baking = await eventually(() => settledOn('baker', v1), 'the first deployment to settle', 90_000, 200);
    assert.equal(baking.deployments![0].rolloutState, 'IN_PROGRESS', 'settled, and baking');
    assert.ok(!baking.events!.some((e) => /steady state/.test(e.message!)), 'no steady state before the bake completes');
    const done = await eventually(async () => {
      const svc = await describeService('baker');
      return svc.deployments![0].rolloutState === 'COMPLETED' && svc;
    }, 'the bake to complete', 60_000, 200);
    assert.deepEqual(done.events!.slice(0, 2).map((e) => e.message), [
      '(service baker) has reached a steady state.', `(service baker) (deployment ${done.deployments![0].id}) deployment completed.`,
    ]);
    // The bake starts once the last task is healthy (its first health check, 5 s after it started) and lasts BAKE_MS.
    const lastStarted = Math.max(...(await tasksOf('baker', 'RUNNING')).map((t) => t.startedAt!.getTime()));
    const completedAt = done.events![1].createdAt!.getTime();
    assert.ok(completedAt - lastStarted >= BAKE_MS, `completed ${completedAt - lastStarted} ms after the last task started`);
  });

  it('rolls back when a deployment alarm enters ALARM during the bake', async () => {
    const v1 = await register('watched', 'v1');
    // The alarm does not exist yet, so it adds no bake: the first deployment completes at once.
    await ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'watched', taskDefinition: v1, desiredCount: 2,
      deploymentConfiguration: { alarms: { alarmNames: ['watch-errors'], enable: true, rollback: true } },
    }));
    await eventually(async () => (await settledOn('watched', v1)) && (await describeService('watched')).deployments![0].rolloutState === 'COMPLETED', 'the first deployment', 90_000, 200);
    await putAlarm('watch-errors', 10, 3); // a 40 s bake: 3 × 10 s periods plus a 10 s evaluation interval
    const v2 = await register('watched', 'v2');
    const updated = (await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'watched', taskDefinition: v2 }))).service!;
    const failedId = updated.deployments![0].id!;
    const baking = await eventually(() => settledOn('watched', v2), 'the new deployment to settle', 90_000, 200);
    assert.equal(baking.deployments![0].rolloutState, 'IN_PROGRESS', 'settled, and baking');
    const rolledBack = await eventually(async () => {
      await cw.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: [{ MetricName: 'Errors', Dimensions: [{ Name: 'Alarm', Value: 'watch-errors' }], Value: 99, StorageResolution: 1 }] }));
      const svc = await describeService('watched');
      return svc.taskDefinition === v1 && svc;
    }, 'the alarm to roll the deployment back', 40_000, 500);
    assert.ok(rolledBack.events!.some((e) => e.message === `(service watched) (deployment ${failedId}) deployment failed: alarm detected.`));
    const history = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'watched' }))).serviceDeployments!;
    const described = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: history.map((d) => d.serviceDeploymentArn!) }))).serviceDeployments!;
    assert.deepEqual(described.find((d) => d.alarms?.status === 'TRIGGERED')?.alarms?.triggeredAlarmNames, ['watch-errors']);
    await eventually(() => settledOn('watched', v1), 'the v1 tasks to return', 90_000, 200);
  });
});
