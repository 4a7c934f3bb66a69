/**
 * HTTPS listeners: their default certificate (ACM's, by ARN), their security policy, and the
 * record of which certificates each load balancer uses, kept in ACM (InUseBy, and
 * DeleteCertificate's refusal) through the `certificateStore` port. Without that port (no ACM
 * module) HTTPS listeners are refused as before; TLS (network load balancer) listeners are
 * not served yet.
 */
import { clientError } from '../../../protocol/errors.js';
import { Certificate } from '../../../protocol/generated/elbv2.js';
import { ReadTx } from '../../../state/store.js';
import { CertificateStore } from '../../acm/domain/ports.js';
import { ListenerDoc, LoadBalancerDoc, Protocol } from '../domain/docs.js';
import { certificateArnsOf } from '../domain/certificates.js';
import { shown } from '../domain/formats.js';
import { listenersOf } from '../domain/lookups.js';
import { Scope } from '../domain/names.js';
import { DEFAULT_SSL_POLICY, SSL_POLICIES } from '../domain/ssl-policies.js';

export const isSecure = (p: Protocol) => p === 'HTTPS' || p === 'TLS';

/** The protocols a load balancer's listeners may have here: HTTPS only with ACM to hold the certificates. */
export function allowedProtocols(lb: LoadBalancerDoc, certificates: CertificateStore | undefined): Protocol[] {
  if (lb.Type === 'network') return ['TCP'];
  return certificates ? ['HTTP', 'HTTPS'] : ['HTTP'];
}

/** AWS refuses a certificate that does not exist, is another account's or Region's, or is not ISSUED (expired) with one error. */
export function requireIssued(certificates: CertificateStore | undefined, scope: Scope, arn: string, now: Date): void {
  if (certificates?.describe(scope, arn, now)?.status !== 'ISSUED') throw clientError('CertificateNotFound', `Certificate '${shown(arn)}' not found`);
}

export interface TlsRequest { Certificates?: Certificate[]; SslPolicy?: string }
export type TlsFields = Pick<ListenerDoc, 'Certificates' | 'SslPolicy' | 'extraCertificates'>;

/** An HTTP listener takes neither a certificate nor a policy. */
function refuseTls(input: TlsRequest, protocol: Protocol): TlsFields {
  if (input.Certificates?.length) throw clientError('ValidationError', `A certificate cannot be specified for ${protocol} listeners`);
  if (input.SslPolicy !== undefined) throw clientError('ValidationError', `An SSL policy cannot be specified for ${protocol} listeners`);
  return {};
}

function checkPolicy(name: string): string {
  if (!SSL_POLICIES.some((p) => p.Name === name)) throw clientError('SSLPolicyNotFound', `SSL policy '${shown(name)}' not found`);
  return name;
}

/**
 * The TLS fields of a listener after CreateListener (no `current`) or ModifyListener: the one
 * default certificate (given, or kept from a secure listener), the policy (given, kept, or
 * AWS's default), and the SNI certificates AddListenerCertificates gave (kept while it stays secure).
 */
export function tlsFields(certificates: CertificateStore | undefined, scope: Scope, now: Date, protocol: Protocol, input: TlsRequest, current?: ListenerDoc): TlsFields {
  if (!isSecure(protocol)) return refuseTls(input, protocol);
  const kept = current && isSecure(current.Protocol) ? current : undefined;
  const given = input.Certificates ?? kept?.Certificates ?? [];
  if (given.length === 0) throw clientError('ValidationError', `A certificate must be specified for ${protocol} listeners`);
  if (given.length > 1) throw clientError('ValidationError', 'A listener takes exactly one default certificate; add others with AddListenerCertificates');
  const arn = given[0].CertificateArn;
  if (!arn) throw clientError('ValidationError', 'A certificate ARN must be specified');
  requireIssued(certificates, scope, arn, now);
  return {
    Certificates: [{ CertificateArn: arn }],
    SslPolicy: checkPolicy(input.SslPolicy ?? kept?.SslPolicy ?? DEFAULT_SSL_POLICY),
    ...(kept?.extraCertificates ? { extraCertificates: kept.extraCertificates.filter((a) => a !== arn) } : {}),
  };
}

/** The listener with its TLS fields replaced: one leaving HTTPS keeps no certificate or policy, as in AWS. */
export function withTls(l: ListenerDoc, tls: TlsFields): ListenerDoc {
  const { Certificates: _certificates, SslPolicy: _policy, extraCertificates: _extra, ...rest } = l;
  return { ...rest, ...tls };
}

/** Tells ACM which certificates the load balancer's listeners use now; part of the caller's transaction. */
export function syncCertificateUsage(tx: ReadTx, certificates: CertificateStore | undefined, lbArn: string): void {
  certificates?.setUsage(lbArn, [...new Set(listenersOf(tx, lbArn).flatMap(certificateArnsOf))]);
}
