/**
 * Application Auto Scaling against a real Berth, through the SDK and the aws CLI: scalable
 * targets, policies and scheduled actions round trip with AWS's errors, target tracking
 * policies get their CloudWatch alarms, a scheduled action changes a real ECS service's
 * desired count at its time, a user's alarm on a step scaling policy scales it out and is
 * listed as the policy's (with CloudWatch, when the module runs), and deleting an ECS service
 * deregisters its target.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  ApplicationAutoScalingClient, DeleteScalingPolicyCommand, DeregisterScalableTargetCommand, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand,
  GetPredictiveScalingForecastCommand, ListTagsForResourceCommand, PutScalingPolicyCommand, RegisterScalableTargetCommand, TagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CreateClusterCommand, CreateServiceCommand, DeleteServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);
const CLUSTER = 'scaling';
const TARGET = { ServiceNamespace: 'ecs' as const, ScalableDimension: 'ecs:service:DesiredCount' as const, ResourceId: `service/${CLUSTER}/web` };
const ARGS = ['--service-namespace', 'ecs', '--scalable-dimension', 'ecs:service:DesiredCount', '--resource-id', TARGET.ResourceId];

/** `at()` for a moment `seconds` from now, in UTC and to the second. */
const atIn = (seconds: number) => `at(${new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19)})`;

describe('Application Auto Scaling', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let aas: ApplicationAutoScalingClient;
  /** Whether this Berth serves CloudWatch (target tracking alarms live there). */
  let cloudwatch = false;

  const cli = async (service: string, ...args: string[]) => {
    const { stdout } = await run('aws', ['--endpoint-url', berth.endpoint, '--output', 'json', service, ...args], { env: berth.cliEnv() });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
  const aws = (...args: string[]) => cli('application-autoscaling', ...args);
  const desiredCount = async () => (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }))).services![0].desiredCount;

  before(async () => {
    const image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    aas = new ApplicationAutoScalingClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image, memory: 16, stopTimeout: 2, command: ['sleep', '600'] }] }));
    await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }));
    cloudwatch = await cli('cloudwatch', 'describe-alarms').then(() => true, () => false);
  });
  after(async () => {
    ecs?.destroy();
    aas?.destroy();
    await berth?.destroy();
  });

  it('registers, describes, tags and updates a scalable target (SDK)', async () => {
    const { ScalableTargetARN: arn } = await aas.send(new RegisterScalableTargetCommand({ ...TARGET, MinCapacity: 1, MaxCapacity: 3, Tags: { env: 'test' } }));
    assert.match(arn!, /^arn:aws:application-autoscaling:us-east-1:\d{12}:scalable-target\/[0-9a-f]{36}$/);
    await aas.send(new TagResourceCommand({ ResourceARN: arn, Tags: { team: 'web' } }));
    assert.deepEqual((await aas.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, { env: 'test', team: 'web' });
    await aas.send(new RegisterScalableTargetCommand({ ...TARGET, SuspendedState: { DynamicScalingInSuspended: true } }));
    const [target] = (await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [TARGET.ResourceId] }))).ScalableTargets!;
    assert.deepEqual([target.MinCapacity, target.MaxCapacity, target.ScalableTargetARN, target.SuspendedState], [
      1, 3, arn, { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
    ]);
    assert.match(target.RoleARN!, /:role\/aws-service-role\/ecs\.application-autoscaling\.amazonaws\.com\/AWSServiceRoleForApplicationAutoScaling_ECSService$/);
    assert.ok(target.CreationTime instanceof Date);
  });

  it('answers AWS\'s errors (SDK)', async () => {
    const missing = { ...TARGET, ResourceId: `service/${CLUSTER}/nope` };
    const notRegistered = await aas.send(new PutScalingPolicyCommand({
      ...missing, PolicyName: 'p', PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
    })).catch((e) => e);
    assert.equal(notRegistered.name, 'ObjectNotFoundException');
    assert.equal(notRegistered.message, `No scalable target registered for service namespace: ecs, resource ID: ${missing.ResourceId}, scalable dimension: ecs:service:DesiredCount`);
    const noService = await aas.send(new RegisterScalableTargetCommand({ ...missing, MinCapacity: 1, MaxCapacity: 2 })).catch((e) => e);
    assert.deepEqual([noService.name, noService.message], ['ValidationException', `ECS service doesn't exist: ${missing.ResourceId}`]);
    const forecast = await aas.send(new GetPredictiveScalingForecastCommand({ ...TARGET, PolicyName: 'p', StartTime: new Date(), EndTime: new Date() })).catch((e) => e);
    assert.equal(forecast.$metadata?.httpStatusCode, 501);
  });

  it('puts a step scaling policy and lists activities with the aws CLI', async () => {
    await aws('register-scalable-target', ...ARGS, '--min-capacity', '1', '--max-capacity', '3');
    const config = { AdjustmentType: 'PercentChangeInCapacity', Cooldown: 60, MinAdjustmentMagnitude: 1, StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 50 }] };
    const out = await aws('put-scaling-policy', ...ARGS, '--policy-name', 'cpu-gt-75', '--policy-type', 'StepScaling', '--step-scaling-policy-configuration', JSON.stringify(config));
    assert.match(out.PolicyARN, new RegExp(`^arn:aws:autoscaling:us-east-1:\\d{12}:scalingPolicy:[0-9a-f-]{36}:resource/ecs/${TARGET.ResourceId}:policyName/cpu-gt-75$`));
    const described = await aws('describe-scaling-policies', '--service-namespace', 'ecs', '--policy-names', 'cpu-gt-75');
    assert.deepEqual(described.ScalingPolicies[0].StepScalingPolicyConfiguration, config);
    const bad = await aws('put-scaling-policy', ...ARGS, '--policy-name', 'bad', '--policy-type', 'StepScaling',
      '--step-scaling-policy-configuration', JSON.stringify({ ...config, StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }] }))
      .then(() => '', (e: { stderr?: string }) => String(e.stderr));
    assert.match(bad, /ValidationException.*A step adjustment with a positive upper bound requires a step adjustment with a null upper bound/);
    const activities = await aws('describe-scaling-activities', '--service-namespace', 'ecs', '--resource-id', TARGET.ResourceId);
    assert.ok(Array.isArray(activities.ScalingActivities));
  });

  it('gives a target tracking policy the two CloudWatch alarms AWS names (SDK)', async (t) => {
    if (!cloudwatch) return t.skip('this Berth has no CloudWatch module yet: target tracking policies get no alarms');
    const out = await aas.send(new PutScalingPolicyCommand({
      ...TARGET, PolicyName: 'cpu75', PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 75, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleInCooldown: 60 },
    }));
    assert.deepEqual(out.Alarms!.map((a) => a.AlarmName!.replace(/[0-9a-f-]{36}$/, '<uuid>')), [
      `TargetTracking-${TARGET.ResourceId}-AlarmHigh-<uuid>`, `TargetTracking-${TARGET.ResourceId}-AlarmLow-<uuid>`,
    ]);
    const alarms = (await cli('cloudwatch', 'describe-alarms', '--alarm-names', ...out.Alarms!.map((a) => a.AlarmName!))).MetricAlarms;
    const view = alarms.map((a: Record<string, unknown>) => [a.MetricName, a.Namespace, a.ComparisonOperator, a.Threshold, a.EvaluationPeriods, a.Period]);
    assert.deepEqual(view, [['CPUUtilization', 'AWS/ECS', 'GreaterThanThreshold', 75, 3, 60], ['CPUUtilization', 'AWS/ECS', 'LessThanThreshold', 67.5, 15, 60]]);
    await aas.send(new DeleteScalingPolicyCommand({ ...TARGET, PolicyName: 'cpu75' }));
    assert.deepEqual((await cli('cloudwatch', 'describe-alarms', '--alarm-names', ...out.Alarms!.map((a) => a.AlarmName!))).MetricAlarms, []);
    assert.deepEqual((await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', PolicyNames: ['cpu75'] }))).ScalingPolicies, []);
  });

  it('changes the ECS service\'s desired count when a scheduled action is due (aws CLI)', async () => {
    assert.equal(await desiredCount(), 1);
    await aws('put-scheduled-action', ...ARGS, '--scheduled-action-name', 'scale-out', '--schedule', atIn(8), '--scalable-target-action', 'MinCapacity=2,MaxCapacity=3');
    const [action] = (await aws('describe-scheduled-actions', '--service-namespace', 'ecs', '--scheduled-action-names', 'scale-out')).ScheduledActions;
    assert.equal(action.Timezone, 'UTC');
    assert.equal(await desiredCount(), 1, 'not before its time');
    await eventually(async () => (await desiredCount()) === 2, 'the scheduled action to set the desired count to 2', 40_000, 500);
    const activities = (await aws('describe-scaling-activities', '--service-namespace', 'ecs', '--resource-id', TARGET.ResourceId)).ScalingActivities;
    const view = activities.slice(0, 2).map((a: Record<string, string>) => [a.Description, a.Cause, a.StatusCode]);
    assert.deepEqual(view, [
      ['Setting desired count to 2.', 'minimum capacity was set to 2', 'Successful'],
      ['Setting min capacity to 2 and max capacity to 3', 'scheduled action name scale-out was triggered', 'Successful'],
    ]);
    await eventually(async () => (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }))).services![0].runningCount === 2,
      'a second task to run', 60_000, 500);
  });

  it('scales the service out when a user\'s alarm acts on a step scaling policy (aws CLI)', async (t) => {
    if (!cloudwatch) return t.skip('this Berth has no CloudWatch module yet: no alarm can act');
    const [policy] = (await aws('describe-scaling-policies', '--service-namespace', 'ecs', '--policy-names', 'cpu-gt-75')).ScalingPolicies;
    await cli('cloudwatch', 'put-metric-alarm', '--alarm-name', 'web-load-high', '--namespace', 'BerthTest', '--metric-name', 'Load', '--statistic', 'Average',
      '--period', '10', '--evaluation-periods', '1', '--threshold', '75', '--comparison-operator', 'GreaterThanThreshold', '--alarm-actions', policy.PolicyARN);
    const before = await desiredCount();
    await eventually(async () => {
      await cli('cloudwatch', 'put-metric-data', '--namespace', 'BerthTest', '--metric-name', 'Load', '--value', '90', '--storage-resolution', '1');
      return (await desiredCount()) === before! + 1;
    }, 'the alarm to scale the service out by 50%', 60_000, 2_000);
    const [activity] = (await aws('describe-scaling-activities', '--service-namespace', 'ecs', '--resource-id', TARGET.ResourceId)).ScalingActivities;
    assert.deepEqual([activity.Description, activity.Cause, activity.StatusCode], [
      `Setting desired count to ${before! + 1}.`, 'monitor alarm web-load-high in state ALARM triggered policy cpu-gt-75', 'Successful',
    ]);
    const [listed] = (await aws('describe-scaling-policies', '--service-namespace', 'ecs', '--policy-names', 'cpu-gt-75')).ScalingPolicies;
    assert.deepEqual(listed.Alarms.map((a: Record<string, string>) => a.AlarmName), ['web-load-high'], 'the alarm that names the step policy');
    await cli('cloudwatch', 'delete-alarms', '--alarm-names', 'web-load-high');
  });

  it('keeps a scheduled action\'s time zone and deregisters the target with everything on it', async () => {
    await aws('put-scheduled-action', ...ARGS, '--scheduled-action-name', 'nightly', '--schedule', 'cron(0 22 ? * MON-FRI *)', '--timezone', 'Europe/Berlin',
      '--scalable-target-action', 'MaxCapacity=1');
    const [action] = (await aws('describe-scheduled-actions', '--service-namespace', 'ecs', '--scheduled-action-names', 'nightly')).ScheduledActions;
    assert.deepEqual([action.Schedule, action.Timezone, action.ScalableTargetAction], ['cron(0 22 ? * MON-FRI *)', 'Europe/Berlin', { MaxCapacity: 1 }]);
    await aas.send(new DeregisterScalableTargetCommand(TARGET));
    assert.deepEqual((await aws('describe-scheduled-actions', '--service-namespace', 'ecs')).ScheduledActions, []);
    assert.deepEqual((await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets, []);
  });

  it('deregisters a deleted ECS service\'s target with its policies, as AWS does for DeleteService (SDK)', async () => {
    const api = { ...TARGET, ResourceId: `service/${CLUSTER}/api` };
    await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'api', taskDefinition: 'web', desiredCount: 0 }));
    await aas.send(new RegisterScalableTargetCommand({ ...api, MinCapacity: 0, MaxCapacity: 2 }));
    await aas.send(new PutScalingPolicyCommand({
      ...api, PolicyName: 'step', StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] },
    }));
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'api' }));
    assert.deepEqual((await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [api.ResourceId] }))).ScalableTargets, []);
    assert.deepEqual((await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: api.ResourceId }))).ScalingPolicies, []);
    const gone = await aas.send(new DeregisterScalableTargetCommand(api)).catch((e) => e);
    assert.equal(gone.name, 'ObjectNotFoundException');
  });
});
