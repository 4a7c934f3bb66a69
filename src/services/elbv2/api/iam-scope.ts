/**
 * Which ELBv2 resources a call touches, for IAM. Every ELBv2 input names its resources by
 * ARN (LoadBalancerArn, TargetGroupArns, ResourceArns…), so each ARN-valued member is read
 * and filed under the resource type its resource part starts with.
 */
import { ArnBuilder, callScope, strings } from '../../../iam/call-scope.js';

function arnsOfType(prefix: string): ArnBuilder {
  return (input) => Object.values(input).flatMap(strings).filter((v) => v.startsWith('arn:') && v.split(':').slice(5).join(':').startsWith(prefix));
}

export const elbv2CallScope = callScope('elasticloadbalancing', {
  builders: {
    // The table files some v2 actions (AddTags…) under the classic type.
    loadbalancer: arnsOfType('loadbalancer/'),
    'loadbalancer/app/': arnsOfType('loadbalancer/app/'),
    'loadbalancer/net/': arnsOfType('loadbalancer/net/'),
    'loadbalancer/gwy/': arnsOfType('loadbalancer/gwy/'),
    targetgroup: arnsOfType('targetgroup/'),
    'listener/app': arnsOfType('listener/app/'),
    'listener/net': arnsOfType('listener/net/'),
    'listener-rule/app': arnsOfType('listener-rule/app/'),
    'listener-rule/net': arnsOfType('listener-rule/net/'),
  },
});
