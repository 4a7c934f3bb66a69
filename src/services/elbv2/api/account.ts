/** DescribeAccountLimits (AWS's default quotas) and DescribeSSLPolicies (AWS's predefined policies). */
import { clientError } from '../../../protocol/errors.js';
import { Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { page } from './pagination.js';
import { SSL_POLICIES } from '../domain/ssl-policies.js';

const LIMITS: Record<string, number> = {
  'application-load-balancers': 50,
  'listeners-per-application-load-balancer': 50,
  'listeners-per-network-load-balancer': 50,
  'network-load-balancers': 50,
  'rules-per-application-load-balancer': 100,
  'target-groups': 3000,
  'target-groups-per-action-on-application-load-balancer': 5,
  'target-groups-per-action-on-network-load-balancer': 1,
  'target-groups-per-application-load-balancer': 100,
  'targets-per-application-load-balancer': 1000,
  'targets-per-availability-zone-per-network-load-balancer': 500,
  'targets-per-network-load-balancer': 3000,
  'certificates-per-application-load-balancer': 25,
  'condition-values-per-alb-rule': 5,
  'condition-wildcards-per-alb-rule': 5,
};

export const accountOps: TypedHandlers<Operations> = {
  DescribeAccountLimits(input) {
    const all = Object.entries(LIMITS).map(([Name, Max]) => ({ Name, Max: String(Max) })).sort((a, b) => (a.Name < b.Name ? -1 : 1));
    const p = page(all, (l) => l.Name, input.Marker, input.PageSize);
    return { Limits: p.items, NextMarker: p.NextMarker };
  },

  DescribeSSLPolicies(input) {
    const names = input.Names;
    const missing = names?.filter((n) => !SSL_POLICIES.some((p) => p.Name === n)) ?? [];
    if (missing.length) throw clientError('SSLPolicyNotFound', `SSL policy '${missing[0]}' not found`);
    const type = input.LoadBalancerType;
    const policies = SSL_POLICIES
      .filter((p) => !names || names.includes(p.Name))
      .filter((p) => !type || p.SupportedLoadBalancerTypes.includes(type))
      .sort((a, b) => (a.Name < b.Name ? -1 : 1)); // Marker paging walks names in order
    const p = page(policies, (x) => x.Name, input.Marker, input.PageSize);
    return { SslPolicies: p.items, NextMarker: p.NextMarker };
  },
};
