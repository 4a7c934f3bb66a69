/**
 * An ELB security policy as HAProxy bind keywords: its protocol versions as ssl-min-ver and
 * ssl-max-ver, its TLS 1.2-and-older ciphers (AWS names them as OpenSSL does) as `ciphers`,
 * its TLS 1.3 suites as `ciphersuites`. Names come from Berth's own policy table, checked
 * again against a plain token so nothing else reaches the bind line; a policy name the table
 * lacks (a record not written by the API) serves AWS's default policy.
 */
import { DEFAULT_SSL_POLICY, SSL_POLICIES } from '../../services/elbv2/domain/ssl-policies.js';

const VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** HAProxy spells TLS 1.0 with its minor version. */
const HAPROXY_VERSION: Record<string, string> = { TLSv1: 'TLSv1.0', 'TLSv1.1': 'TLSv1.1', 'TLSv1.2': 'TLSv1.2', 'TLSv1.3': 'TLSv1.3' };
const TOKEN = /^[A-Za-z0-9_-]+$/;

export function sslBindOptions(policyName: string | undefined): string {
  const policy = SSL_POLICIES.find((p) => p.Name === policyName) ?? SSL_POLICIES.find((p) => p.Name === DEFAULT_SSL_POLICY)!;
  const versions = policy.SslProtocols.filter((v) => VERSIONS.includes(v)).sort((a, b) => VERSIONS.indexOf(a) - VERSIONS.indexOf(b));
  const names = policy.Ciphers.map((c) => c.Name).filter((n) => TOKEN.test(n));
  const ciphers = names.filter((n) => !n.startsWith('TLS_'));
  const suites = names.filter((n) => n.startsWith('TLS_'));
  return [
    `ssl-min-ver ${HAPROXY_VERSION[versions[0]]}`,
    `ssl-max-ver ${HAPROXY_VERSION[versions[versions.length - 1]]}`,
    ...(ciphers.length > 0 ? [`ciphers ${ciphers.join(':')}`] : []),
    ...(suites.length > 0 ? [`ciphersuites ${suites.join(':')}`] : []),
  ].join(' ');
}
