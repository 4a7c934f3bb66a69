/** DescribeAccountLimits (AWS's default quotas) and DescribeSSLPolicies (a static list of AWS's policies). */
import { clientError } from '../../protocol/errors.js';
import { page } from './pagination.js';

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

const TLS12 = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'];
const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

const POLICIES = [
  { Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', SslProtocols: ['TLSv1.2', 'TLSv1.3'], ciphers: [...TLS13, ...TLS12] },
  { Name: 'ELBSecurityPolicy-TLS13-1-3-2021-06', SslProtocols: ['TLSv1.3'], ciphers: TLS13 },
  { Name: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', SslProtocols: ['TLSv1.2', 'TLSv1.3'], ciphers: [...TLS13, ...TLS12] },
  { Name: 'ELBSecurityPolicy-2016-08', SslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], ciphers: [...TLS12, 'AES128-SHA', 'AES256-SHA'] },
  { Name: 'ELBSecurityPolicy-TLS-1-2-2017-01', SslProtocols: ['TLSv1.2'], ciphers: TLS12 },
  { Name: 'ELBSecurityPolicy-FS-1-2-Res-2020-10', SslProtocols: ['TLSv1.2'], ciphers: TLS12 },
].map((p) => ({
  Name: p.Name,
  SslProtocols: p.SslProtocols,
  Ciphers: p.ciphers.map((Name, i) => ({ Name, Priority: i + 1 })),
  SupportedLoadBalancerTypes: ['application', 'network'],
}));

export const accountOps = {
  DescribeAccountLimits(input: any) {
    const all = Object.entries(LIMITS).map(([Name, Max]) => ({ Name, Max: String(Max) }));
    const p = page(all, (l) => l.Name, input.Marker, input.PageSize);
    return { Limits: p.items, NextMarker: p.NextMarker };
  },

  DescribeSSLPolicies(input: any) {
    const names: string[] | undefined = input.Names;
    const missing = names?.filter((n) => !POLICIES.some((p) => p.Name === n)) ?? [];
    if (missing.length) throw clientError('SSLPolicyNotFound', `SSL policy '${missing[0]}' not found`);
    const policies = names ? POLICIES.filter((p) => names.includes(p.Name)) : POLICIES;
    const p = page(policies, (x) => x.Name, input.Marker, input.PageSize);
    return { SslPolicies: p.items, NextMarker: p.NextMarker };
  },
};
