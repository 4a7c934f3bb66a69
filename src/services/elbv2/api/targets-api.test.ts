/** The internal targets API the ECS service controller uses, and the API handlers it shares records with, over the memory store. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../protocol/errors.js';
import { Change } from '../../../state/store.js';
import { KIND } from '../domain/names.js';
import { elbv2Api } from './api-harness.js';
import { deregisterTargets, registerTargets, targetGroupInfo, targetHealth } from '../domain/targets-api.js';

const INSTANCE = 'i-0123456789abcdef0';

async function setup(withListener: boolean) {
  const { store, call } = elbv2Api();
  const tg = (await call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0' })).TargetGroups[0].TargetGroupArn;
  let lb: string | undefined;
  if (withListener) {
    lb = (await call('CreateLoadBalancer', { Name: 'web', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] })).LoadBalancers[0].LoadBalancerArn;
    await call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTP', Port: 8000, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] });
  }
  return { store, call, tg, lb };
}

describe('targets API', () => {
  it('targetGroupInfo: type, port, load balancers, deregistration delay, grace hint', async () => {
    const { store, tg, lb } = await setup(true);
    assert.deepEqual(targetGroupInfo(store, tg), { targetType: 'instance', port: 8080, protocol: 'HTTP', loadBalancerArns: [lb], deregistrationDelaySeconds: 300, healthCheckGracePeriodHint: 150 });
    assert.equal(targetGroupInfo(store, 'arn:nope'), undefined);
  });

  it('registers idempotently, reports initial, and a watcher sees health records', async () => {
    const { store, tg } = await setup(true);
    const seen: Change[] = [];
    store.watch((c) => c.kind === KIND.targetHealth && seen.push(c));
    registerTargets(store, tg, [{ id: INSTANCE, port: 32768 }, { id: INSTANCE }]);
    registerTargets(store, tg, [{ id: INSTANCE, port: 32768 }]);
    assert.deepEqual(targetHealth(store, tg), [
      { id: INSTANCE, port: 32768, state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' },
      { id: INSTANCE, port: 8080, state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' },
    ]);
    assert.equal(seen.length, 2);
  });

  it('deregistration drains a used group and removes at once from an unused one; unknown targets are ignored', async () => {
    const used = await setup(true);
    registerTargets(used.store, used.tg, [{ id: INSTANCE, port: 1 }]);
    deregisterTargets(used.store, used.tg, [{ id: INSTANCE, port: 1 }, { id: INSTANCE, port: 2 }]);
    assert.deepEqual(targetHealth(used.store, used.tg).map((t) => [t.state, t.reason]), [['draining', 'Target.DeregistrationInProgress']]);
    const unused = await setup(false);
    registerTargets(unused.store, unused.tg, [{ id: INSTANCE, port: 1 }]);
    assert.deepEqual(targetHealth(unused.store, unused.tg).map((t) => [t.state, t.reason]), [['unused', 'Target.NotInUse']]);
    deregisterTargets(unused.store, unused.tg, [{ id: INSTANCE, port: 1 }]);
    assert.deepEqual(targetHealth(unused.store, unused.tg), []);
  });

  it('refuses malformed targets with AWS errors', async () => {
    const { store, tg } = await setup(false);
    assert.throws(() => registerTargets(store, tg, [{ id: 'task-1', port: 1 }]), (e: unknown) => e instanceof ServiceError && e.code === 'InvalidTarget');
    assert.throws(() => registerTargets(store, 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/x/0000000000000000', []), { code: 'TargetGroupNotFound' });
  });
});

describe('ELBv2 handlers', () => {
  it('rules: priorities, default rule, SetRulePriorities conflicts', async () => {
    const { call, lb } = await setup(true);
    const listener = (await call('DescribeListeners', { LoadBalancerArn: lb })).Listeners[0].ListenerArn;
    const fixed = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } };
    const r1 = (await call('CreateRule', { ListenerArn: listener, Priority: 2, Conditions: [{ Field: 'path-pattern', Values: ['/a'] }], Actions: [fixed] })).Rules[0];
    const r2 = (await call('CreateRule', { ListenerArn: listener, Priority: 1, Conditions: [{ Field: 'host-header', Values: ['a.example'] }], Actions: [fixed] })).Rules[0];
    assert.deepEqual(r1.Conditions, [{ Field: 'path-pattern', Values: ['/a'], PathPatternConfig: { Values: ['/a'] } }]);
    const rules = (await call('DescribeRules', { ListenerArn: listener })).Rules;
    assert.deepEqual(rules.map((r) => [r.Priority, r.IsDefault]), [['1', false], ['2', false], ['default', true]]);
    await assert.rejects(call('SetRulePriorities', { RulePriorities: [{ RuleArn: r1.RuleArn, Priority: 1 }] }), { code: 'PriorityInUse' });
    await call('SetRulePriorities', { RulePriorities: [{ RuleArn: r1.RuleArn, Priority: 1 }, { RuleArn: r2.RuleArn, Priority: 3 }] });
    await assert.rejects(call('DeleteRule', { RuleArn: rules[2].RuleArn }), { code: 'OperationNotPermitted' });
    await assert.rejects(call('CreateRule', { ListenerArn: listener, Priority: 9, Conditions: [{ Field: 'path-pattern', Values: ['/1', '/2', '/3', '/4', '/5', '/6'] }], Actions: [fixed] }), { code: 'ValidationError' });
  });

  it('deletion protection, attributes and idempotent creation', async () => {
    const { call, lb } = await setup(true);
    await call('ModifyLoadBalancerAttributes', { LoadBalancerArn: lb, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] });
    await assert.rejects(call('DeleteLoadBalancer', { LoadBalancerArn: lb }), { code: 'OperationNotPermitted' });
    const again = await call('CreateLoadBalancer', { Name: 'web', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] });
    assert.equal(again.LoadBalancers[0].LoadBalancerArn, lb);
    await assert.rejects(call('CreateLoadBalancer', { Name: 'one', Subnets: ['subnet-0123456789abcdef0'] }), { code: 'ValidationError', message: 'At least two subnets in two different Availability Zones must be specified' });
    await assert.rejects(call('CreateLoadBalancer', { Name: 'bad', Subnets: ['subnet-x', 'subnet-0123456789abcdef1'] }), { code: 'InvalidSubnet' });
  });
});
