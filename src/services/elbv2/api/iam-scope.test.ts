import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { elbv2CallScope } from './iam-scope.js';

const ctx = { region: 'eu-west-1', accountId: '111122223333' };
const A = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333';

describe('ELBv2 resources for IAM', () => {
  it('files the ARN-valued members under their resource types, as the action lists them', () => {
    const lb = `${A}:loadbalancer/app/web/50dc6c495c0c9188`;
    const tg = `${A}:targetgroup/web/73e2d6bc24d8a067`;
    assert.deepEqual(elbv2CallScope('RegisterTargets', { TargetGroupArn: tg, Targets: [{ Id: 'i-1' }] }, ctx)?.resources, [tg]);
    assert.deepEqual(elbv2CallScope('DeleteLoadBalancer', { LoadBalancerArn: lb }, ctx)?.resources, [lb]);
    assert.deepEqual(elbv2CallScope('AddTags', { ResourceArns: [lb, tg], Tags: [] }, ctx)?.resources, [lb]);
    // Describe actions have no resource-level permissions: the resource is *.
    assert.equal(elbv2CallScope('DescribeLoadBalancerAttributes', { LoadBalancerArn: lb }, ctx), undefined);
  });
});
