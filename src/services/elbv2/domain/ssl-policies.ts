/**
 * AWS's predefined security policies (Application and Network Load Balancers), as
 * DescribeSSLPolicies returns them: protocols and ciphers in AWS's order of preference.
 * Source: the "Security policies" tables of the ELB user guides.
 */

const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/** Forward-secret GCM suites only. */
const ECDHE_GCM = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'];

/** Forward-secret GCM and SHA-2 CBC suites, in AWS's interleaved order. */
const ECDHE_SHA2 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384',
];

/** ECDHE_SHA2 with the SHA-1 CBC suites; `rsaFirst` is the order of the two AES256-SHA suites, which differs by policy. */
function ecdheAll(rsaFirst: boolean): string[] {
  const sha256 = ECDHE_SHA2.slice(0, 4);
  const sha384 = ECDHE_SHA2.slice(4);
  const aes256Sha = rsaFirst ? ['ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES256-SHA'] : ['ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA'];
  return [...sha256, 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', ...sha384, ...aes256Sha];
}

/** The RSA key exchange suites without SHA-1. */
const RSA_SHA2 = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256'];
/** ... and with it. */
const RSA_ALL = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA'];

const TLS12_13 = ['TLSv1.2', 'TLSv1.3'];
const TLS10_12 = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];

const POLICIES: { name: string; protocols: string[]; ciphers: string[] }[] = [
  { name: 'ELBSecurityPolicy-2016-08', protocols: TLS10_12, ciphers: [...ecdheAll(true), ...RSA_ALL] },
  { name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', protocols: TLS12_13, ciphers: [...TLS13, ...ECDHE_SHA2] },
  { name: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', protocols: TLS12_13, ciphers: [...TLS13, ...ECDHE_GCM] },
  { name: 'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', protocols: TLS12_13, ciphers: [...TLS13, ...ECDHE_SHA2, ...RSA_SHA2] },
  { name: 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', protocols: TLS12_13, ciphers: [...TLS13, ...ecdheAll(false), ...RSA_ALL] },
  { name: 'ELBSecurityPolicy-TLS13-1-1-2021-06', protocols: ['TLSv1.1', ...TLS12_13], ciphers: [...TLS13, ...ecdheAll(true), ...RSA_ALL] },
  { name: 'ELBSecurityPolicy-TLS13-1-0-2021-06', protocols: ['TLSv1', 'TLSv1.1', ...TLS12_13], ciphers: [...TLS13, ...ecdheAll(true), ...RSA_ALL] },
  { name: 'ELBSecurityPolicy-TLS13-1-3-2021-06', protocols: ['TLSv1.3'], ciphers: TLS13 },
  { name: 'ELBSecurityPolicy-TLS-1-2-2017-01', protocols: ['TLSv1.2'], ciphers: [...ECDHE_SHA2, ...RSA_SHA2] },
  { name: 'ELBSecurityPolicy-TLS-1-1-2017-01', protocols: ['TLSv1.1', 'TLSv1.2'], ciphers: [...ecdheAll(true), ...RSA_ALL] },
  { name: 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', protocols: ['TLSv1.2'], ciphers: [...ecdheAll(true), ...RSA_ALL] },
  { name: 'ELBSecurityPolicy-FS-2018-06', protocols: TLS10_12, ciphers: ecdheAll(true) },
  { name: 'ELBSecurityPolicy-2015-05', protocols: TLS10_12, ciphers: [...ecdheAll(true), ...RSA_ALL] },
  { name: 'ELBSecurityPolicy-TLS-1-0-2015-04', protocols: TLS10_12, ciphers: [...ecdheAll(true), ...RSA_ALL, 'DES-CBC3-SHA'] },
  { name: 'ELBSecurityPolicy-FS-1-2-Res-2019-08', protocols: ['TLSv1.2'], ciphers: ECDHE_SHA2 },
  { name: 'ELBSecurityPolicy-FS-1-1-2019-08', protocols: ['TLSv1.1', 'TLSv1.2'], ciphers: ecdheAll(true) },
  { name: 'ELBSecurityPolicy-FS-1-2-2019-08', protocols: ['TLSv1.2'], ciphers: ecdheAll(true) },
  { name: 'ELBSecurityPolicy-FS-1-2-Res-2020-10', protocols: ['TLSv1.2'], ciphers: ECDHE_GCM },
];

export interface SslPolicy {
  Name: string;
  SslProtocols: string[];
  Ciphers: { Name: string; Priority: number }[];
  SupportedLoadBalancerTypes: string[];
}

export const SSL_POLICIES: SslPolicy[] = POLICIES.map((p) => ({
  Name: p.name,
  SslProtocols: p.protocols,
  Ciphers: p.ciphers.map((Name, i) => ({ Name, Priority: i + 1 })),
  SupportedLoadBalancerTypes: ['application', 'network'],
}));

/** AWS's default for HTTPS and TLS listeners created through the API. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';
