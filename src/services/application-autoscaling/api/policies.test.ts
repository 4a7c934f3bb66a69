import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aasApi, ECS_TARGET, SCOPE } from './api-harness.js';

const CPU = { TargetValue: 75, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 60, ScaleInCooldown: 120 };
const STEP = { AdjustmentType: 'ChangeInCapacity', Cooldown: 60, StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }] };
const tracking = (config: object = CPU, name = 'cpu75') => ({ ...ECS_TARGET, PolicyName: name, PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: config });
const stepPolicy = (config: object = STEP, name = 'cpu-high') => ({ ...ECS_TARGET, PolicyName: name, PolicyType: 'StepScaling', StepScalingPolicyConfiguration: config });

describe('scaling policies', () => {
  it('creates a target tracking policy with the two alarms AWS names, and returns them', async () => {
    const api = aasApi();
    await api.register();
    const out = await api.call('PutScalingPolicy', tracking());
    assert.match(out.PolicyARN, /^arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:[0-9a-f-]{36}:resource\/ecs\/service\/prod\/web:policyName\/cpu75$/);
    assert.equal(out.Alarms.length, 2);
    assert.match(out.Alarms[0].AlarmName, /^TargetTracking-service\/prod\/web-AlarmHigh-[0-9a-f-]{36}$/);
    assert.match(out.Alarms[1].AlarmName, /^TargetTracking-service\/prod\/web-AlarmLow-[0-9a-f-]{36}$/);
    assert.equal(out.Alarms[0].AlarmARN, `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${out.Alarms[0].AlarmName}`);
    const high = api.alarms!.alarms.get(out.Alarms[0].AlarmName)!;
    assert.match(high.AlarmActions![0], new RegExp(`^${out.PolicyARN}:createdBy/[0-9a-f-]{36}$`));
    assert.deepEqual([high.Threshold, high.EvaluationPeriods, api.alarms!.alarms.get(out.Alarms[1].AlarmName)!.Threshold], [75, 3, 67.5]);
    const [policy] = (await api.call('DescribeScalingPolicies', { ServiceNamespace: 'ecs' })).ScalingPolicies;
    assert.deepEqual(policy, {
      ...ECS_TARGET, PolicyName: 'cpu75', PolicyARN: out.PolicyARN, PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: CPU,
      Alarms: out.Alarms, CreationTime: api.clock.now(),
    });
  });

  it('keeps a policy\'s ARN, creation time and alarm names across updates, and drops the low alarm when scale-in is disabled', async () => {
    const api = aasApi();
    await api.register();
    const first = await api.call('PutScalingPolicy', tracking());
    api.clock.advance(60_000);
    const second = await api.call('PutScalingPolicy', tracking({ ...CPU, TargetValue: 50 }));
    assert.deepEqual([second.PolicyARN, second.Alarms], [first.PolicyARN, first.Alarms]);
    assert.equal(api.alarms!.alarms.get(first.Alarms[1].AlarmName)!.Threshold, 45);
    const third = await api.call('PutScalingPolicy', tracking({ ...CPU, DisableScaleIn: true }));
    assert.deepEqual(third.Alarms, [first.Alarms[0]]);
    assert.deepEqual([...api.alarms!.alarms.keys()], [first.Alarms[0].AlarmName]);
    const [policy] = (await api.call('DescribeScalingPolicies', { ServiceNamespace: 'ecs', PolicyNames: ['cpu75'] })).ScalingPolicies;
    assert.deepEqual(policy.CreationTime, new Date(api.clock.now().getTime() - 60_000));
  });

  it('creates a step scaling policy (the default type) without alarms of its own', async () => {
    const api = aasApi();
    await api.register();
    const out = await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: 'out', StepScalingPolicyConfiguration: STEP });
    assert.deepEqual(Object.keys(out), ['PolicyARN']);
    const [policy] = (await api.call('DescribeScalingPolicies', { ServiceNamespace: 'ecs', ResourceId: 'service/prod/web' })).ScalingPolicies;
    assert.deepEqual([policy.PolicyType, policy.StepScalingPolicyConfiguration, 'Alarms' in policy], ['StepScaling', STEP, false]);
    assert.equal(api.alarms!.alarms.size, 0);
  });

  it('lists the alarms that name a step policy as an action, as AWS does, and only those', async () => {
    const api = aasApi();
    await api.register();
    const { PolicyARN } = await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: 'out', StepScalingPolicyConfiguration: STEP });
    const other = await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: 'in', StepScalingPolicyConfiguration: STEP });
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'web-cpu-high', AlarmActions: [PolicyARN] });
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'web-5xx', OKActions: ['arn:aws:sns:eu-west-1:123456789012:ops'], AlarmActions: [PolicyARN] });
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'web-cpu-low', AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ops'] });
    const policies = (await api.call('DescribeScalingPolicies', { ServiceNamespace: 'ecs' })).ScalingPolicies;
    const alarmsOf = (arn: string) => policies.find((p) => p.PolicyARN === arn)?.Alarms;
    assert.deepEqual(alarmsOf(PolicyARN), [
      { AlarmName: 'web-5xx', AlarmARN: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-5xx' },
      { AlarmName: 'web-cpu-high', AlarmARN: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-cpu-high' },
    ]);
    assert.equal(alarmsOf(other.PolicyARN), undefined, 'no alarm names it: no Alarms member');
  });

  it('deletes a policy with its alarms', async () => {
    const api = aasApi();
    await api.register();
    await api.call('PutScalingPolicy', tracking());
    await api.call('DeleteScalingPolicy', { ...ECS_TARGET, PolicyName: 'cpu75' });
    assert.equal(api.alarms!.alarms.size, 0);
    assert.equal(await api.failure('DeleteScalingPolicy', { ...ECS_TARGET, PolicyName: 'cpu75' }),
      'ObjectNotFoundException: No scaling policy found for service namespace: ecs, resource ID: service/prod/web, scalable dimension: ecs:service:DesiredCount, policy name: cpu75');
  });

  it('refuses policies AWS refuses', async () => {
    const api = aasApi();
    assert.equal(await api.failure('PutScalingPolicy', tracking()),
      'ObjectNotFoundException: No scalable target registered for service namespace: ecs, resource ID: service/prod/web, scalable dimension: ecs:service:DesiredCount');
    await api.register();
    const cases: Array<[object, string]> = [
      [stepPolicy({ ...STEP, AdjustmentType: undefined }), 'ValidationException: AdjustmentType is required for a step scaling policy configuration'],
      [stepPolicy({ ...STEP, StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }] }),
        'ValidationException: A step adjustment with a positive upper bound requires a step adjustment with a null upper bound'],
      [{ ...tracking(), PolicyType: 'StepScaling' }, 'ValidationException: A StepScaling policy requires a StepScalingPolicyConfiguration and no TargetTrackingScalingPolicyConfiguration'],
      [tracking({ TargetValue: 10 }), 'ValidationException: Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified'],
      [{ ...tracking(), PolicyType: 'PredictiveScaling' }, 'ValidationException: Berth does not perform predictive scaling: PolicyType PredictiveScaling is not supported'],
    ];
    for (const [input, message] of cases) assert.equal(await api.failure('PutScalingPolicy', input), message);
    assert.equal(await api.failure('DescribeScalingPolicies', { ServiceNamespace: 'ecs', MaxResults: 11 }),
      'ValidationException: 1 validation error detected: Value \'11\' at \'maxResults\' failed to satisfy constraint: Member must have value less than or equal to 10');
  });

  it('without CloudWatch, a target tracking policy has no alarms', async () => {
    const api = aasApi({ alarms: false });
    await api.register();
    const out = await api.call('PutScalingPolicy', tracking());
    assert.deepEqual(out.Alarms, []);
  });
});
