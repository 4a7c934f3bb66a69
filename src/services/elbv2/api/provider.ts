/** The ELBv2 service: model, awsQuery protocol and handlers, each typed by its operation's contract. Missing operations answer 501 (the gateway does that). */
import { Operations } from '../../../protocol/generated/elbv2.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { loadModel } from '../../../protocol/model.js';
import { QueryProtocol } from '../../../protocol/query-protocol.js';
import { accountOps } from './account.js';
import { makeCapacityOps } from './capacity.js';
import { Elbv2Deps } from './context.js';
import { makeListenerAttributeOps } from './listener-attributes.js';
import { makeListenerCertificateOps } from './listener-certificates.js';
import { makeListenerOps } from './listeners.js';
import { makeLoadBalancerNetworkOps } from './load-balancer-network.js';
import { makeLoadBalancerOps } from './load-balancers.js';
import { makeRuleOps } from './rules.js';
import { makeTagOps } from './tags.js';
import { makeTargetGroupOps } from './target-groups.js';
import { makeTargetOps } from './targets.js';
import { elbv2CallScope } from './iam-scope.js';

export function elbv2Service(deps: Elbv2Deps): ServiceDefinition {
  const handlers: TypedHandlers<Operations> = {
    ...makeLoadBalancerOps(deps),
    ...makeLoadBalancerNetworkOps(deps),
    ...makeCapacityOps(deps),
    ...makeTargetGroupOps(deps),
    ...makeListenerOps(deps),
    ...makeListenerAttributeOps(deps),
    ...makeListenerCertificateOps(deps),
    ...makeRuleOps(deps),
    ...makeTargetOps(deps),
    ...makeTagOps(deps.store),
    ...accountOps,
  };
  return { name: 'elasticloadbalancing', model: loadModel('elbv2'), protocols: [new QueryProtocol('ValidationError')], handlers, authorization: elbv2CallScope };
}
