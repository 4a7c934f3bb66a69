import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostGroupOfArn, validateProviderName, withScalingDefaults } from './capacity-provider-records.js';

const ARN = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:57ffcb94-11f0-4d6d-bf60-3bac5e000000:autoScalingGroupName';

describe('validateProviderName', () => {
  const cases: [string, boolean][] = [
    ['MyCapacityProvider', true], ['my_provider-2', true], ['a'.repeat(255), true], ['myecs', true],
    ['aws-provider', false], ['ECSprovider', false], ['Fargate2', false], ['has space', false], ['a'.repeat(256), false], ['', false],
  ];
  for (const [name, ok] of cases) {
    it(`${ok ? 'accepts' : 'rejects'} ${JSON.stringify(name.slice(0, 20))}`, () => {
      if (ok) assert.doesNotThrow(() => validateProviderName(name));
      else assert.throws(() => validateProviderName(name), { code: 'InvalidParameterException', message: /The name cannot be prefixed with "aws", "ecs", or "fargate"/ });
    });
  }
});

describe('hostGroupOfArn', () => {
  const cases: [string, string | undefined][] = [
    [`${ARN}/MyASG`, 'MyASG'],
    [`${ARN}/web tier`, 'web tier'],
    [`${ARN.replace(':aws:', ':aws-cn:')}/cn`, 'cn'],
    [`${ARN}/`, undefined],
    ['arn:aws:ecs:us-east-1:123456789012:cluster/c', undefined],
    ['MyASG', undefined],
    [`${ARN}/a:b`, undefined],
  ];
  for (const [arn, group] of cases) {
    it(`${arn.slice(-12)} → ${group ?? 'invalid'}`, () => {
      if (group) assert.equal(hostGroupOfArn(arn), group);
      else assert.throws(() => hostGroupOfArn(arn), { code: 'InvalidParameterException', message: /Auto Scaling group ARN is not valid/ });
    });
  }
});

describe('withScalingDefaults', () => {
  const DEFAULTS = { status: 'DISABLED', targetCapacity: 100, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupPeriod: 300 };
  it('fills every member when nothing is given', () => assert.deepEqual(withScalingDefaults(undefined), DEFAULTS));
  it('keeps what is given', () => {
    assert.deepEqual(withScalingDefaults({ status: 'ENABLED', targetCapacity: 80 }), { ...DEFAULTS, status: 'ENABLED', targetCapacity: 80 });
  });
  it('an update keeps the current values it does not name', () => {
    const current = withScalingDefaults({ status: 'ENABLED', instanceWarmupPeriod: 60 });
    assert.deepEqual(withScalingDefaults({ targetCapacity: 50 }, current), { ...DEFAULTS, status: 'ENABLED', instanceWarmupPeriod: 60, targetCapacity: 50 });
  });
});
