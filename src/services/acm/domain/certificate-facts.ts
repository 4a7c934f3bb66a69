/**
 * What ACM reports about a certificate (DescribeCertificate's X.509 members), read from the
 * certificate itself: Node's X509Certificate for names, dates, serial and keys; the DER for
 * the two things Node 20 does not expose, the signature algorithm and the KeyUsage bits.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import { CertificateDetail, ExtendedKeyUsage, KeyUsage } from '../../../protocol/generated/acm.js';
import * as der from './der.js';
import { OID } from './certificate-builder.js';

export type KeyAlgorithm = NonNullable<CertificateDetail['KeyAlgorithm']>;
export type KeyUsageName = NonNullable<KeyUsage['Name']>;
export type ExtendedKeyUsageName = NonNullable<ExtendedKeyUsage['Name']>;

export interface CertificateFacts {
  DomainName: string;
  SubjectAlternativeNames: string[];
  Serial: string;
  Subject: string;
  Issuer: string;
  /** ISO 8601. */
  NotBefore: string;
  NotAfter: string;
  KeyAlgorithm: KeyAlgorithm;
  SignatureAlgorithm: string;
  KeyUsages: KeyUsageName[];
  ExtendedKeyUsages: { Name: ExtendedKeyUsageName; OID: string }[];
}

const KEY_USAGES: KeyUsageName[] = ['DIGITAL_SIGNATURE', 'NON_REPUDIATION', 'KEY_ENCIPHERMENT', 'DATA_ENCIPHERMENT', 'KEY_AGREEMENT', 'CERTIFICATE_SIGNING', 'CRL_SIGNING', 'ENCIPHER_ONLY', 'DECIPHER_ONLY'];

const EXTENDED_KEY_USAGES: Record<string, ExtendedKeyUsageName> = {
  [OID.serverAuth]: 'TLS_WEB_SERVER_AUTHENTICATION', [OID.clientAuth]: 'TLS_WEB_CLIENT_AUTHENTICATION',
  '1.3.6.1.5.5.7.3.3': 'CODE_SIGNING', '1.3.6.1.5.5.7.3.4': 'EMAIL_PROTECTION', '1.3.6.1.5.5.7.3.5': 'IPSEC_END_SYSTEM',
  '1.3.6.1.5.5.7.3.6': 'IPSEC_TUNNEL', '1.3.6.1.5.5.7.3.7': 'IPSEC_USER', '1.3.6.1.5.5.7.3.8': 'TIME_STAMPING',
  '1.3.6.1.5.5.7.3.9': 'OCSP_SIGNING', '2.5.29.37.0': 'ANY',
};

/** As ACM names them. */
const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA1WITHRSA', '1.2.840.113549.1.1.11': 'SHA256WITHRSA', '1.2.840.113549.1.1.12': 'SHA384WITHRSA',
  '1.2.840.113549.1.1.13': 'SHA512WITHRSA', '1.2.840.10045.4.3.2': 'SHA256WITHECDSA', '1.2.840.10045.4.3.3': 'SHA384WITHECDSA',
  '1.2.840.10045.4.3.4': 'SHA512WITHECDSA',
};

const RSA_SIZES: Record<number, KeyAlgorithm> = { 1024: 'RSA_1024', 2048: 'RSA_2048', 3072: 'RSA_3072', 4096: 'RSA_4096' };
const CURVES: Record<string, KeyAlgorithm> = { prime256v1: 'EC_prime256v1', secp384r1: 'EC_secp384r1', secp521r1: 'EC_secp521r1' };

/** ACM's name of a key's algorithm; undefined for anything ACM has no name for. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return RSA_SIZES[details.modulusLength ?? 0];
  if (key.asymmetricKeyType === 'ec') return CURVES[details.namedCurve ?? ''];
  return undefined;
}

/** Node writes one attribute per line; ACM separates them with commas. */
const nameText = (lines: string) => lines.split('\n').filter(Boolean).join(',');

/** The DNS names of the SubjectAlternativeName extension, in order. */
export function dnsNamesOf(cert: X509Certificate): string[] {
  return [...(cert.subjectAltName ?? '').matchAll(/(?:^|, )DNS:([^,]+)/g)].map((m) => m[1]);
}

/** Node's serial is upper-case hex; ACM shows lower-case byte pairs joined by colons. */
const serialText = (hex: string) => (hex.length % 2 ? `0${hex}` : hex).toLowerCase().match(/../g)!.join(':');

function tbsElements(cert: X509Certificate): der.DerNode[] {
  return der.childrenOf(der.childrenOf(der.readNode(cert.raw))[0]);
}

function signatureAlgorithmOf(cert: X509Certificate): string {
  const algorithm = der.childrenOf(der.childrenOf(der.readNode(cert.raw))[1])[0];
  const oid = der.oidText(algorithm.body);
  return SIGNATURE_ALGORITHMS[oid] ?? oid;
}

function keyUsagesOf(cert: X509Certificate): KeyUsageName[] {
  const extensions = tbsElements(cert).find((n) => n.tag === 0xa3);
  if (!extensions) return [];
  for (const ext of der.childrenOf(der.childrenOf(extensions)[0])) {
    const parts = der.childrenOf(ext);
    if (der.oidText(parts[0].body) !== OID.keyUsage) continue;
    const value = der.readNode(parts[parts.length - 1].body);
    return der.setBits(value.body).map((bit) => KEY_USAGES[bit]).filter(Boolean);
  }
  return [];
}

/** The facts of a certificate whose key has an algorithm ACM names (callers check that first). */
export function factsOf(cert: X509Certificate): CertificateFacts {
  const sans = dnsNamesOf(cert);
  const commonName = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return {
    DomainName: commonName ?? sans[0] ?? '',
    SubjectAlternativeNames: sans.length > 0 ? sans : commonName ? [commonName] : [],
    Serial: serialText(cert.serialNumber),
    Subject: nameText(cert.subject),
    Issuer: nameText(cert.issuer),
    NotBefore: new Date(cert.validFrom).toISOString(),
    NotAfter: new Date(cert.validTo).toISOString(),
    KeyAlgorithm: keyAlgorithmOf(cert.publicKey)!,
    SignatureAlgorithm: signatureAlgorithmOf(cert),
    KeyUsages: keyUsagesOf(cert),
    ExtendedKeyUsages: (cert.keyUsage ?? []).map((oid) => ({ Name: EXTENDED_KEY_USAGES[oid] ?? 'CUSTOM', OID: oid })),
  };
}
