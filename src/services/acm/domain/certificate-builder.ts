/**
 * Builds and signs X.509 v3 certificates (RFC 5280) with Node's keys and signatures: Node
 * parses certificates but cannot make one, so the TBSCertificate is written here in DER
 * and signed with `crypto.sign`. Used by Berth's private CA for its root and the
 * certificates RequestCertificate issues.
 */
import { createHash, createPublicKey, KeyObject, sign, X509Certificate } from 'node:crypto';
import * as der from './der.js';

export const OID = {
  commonName: '2.5.4.3', organization: '2.5.4.10', country: '2.5.4.6',
  basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', extKeyUsage: '2.5.29.37', subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14', authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11', ecdsaWithSha256: '1.2.840.10045.4.3.2', ecdsaWithSha384: '1.2.840.10045.4.3.3',
} as const;

/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
export const KEY_USAGE_BIT = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

export type NameAttribute = [oid: string, value: string];

/** A Name: one attribute per RDN, in the order given; countries are PrintableString as RFC 5280 requires. */
export function encodeName(attributes: NameAttribute[]): Buffer {
  return der.sequence(...attributes.map(([type, value]) => der.set(der.sequence(der.oid(type), type === OID.country ? der.printableString(value) : der.utf8String(value)))));
}

function extension(type: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(type), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** The key identifier of a key pair: SHA-1 of its SubjectPublicKeyInfo (RFC 5280 4.2.1.2 allows any unique value). */
export function keyIdentifier(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

export interface CertificatePlan {
  serial: Buffer;
  subject: NameAttribute[];
  /** The issuer's subject Name in DER, exactly as its certificate holds it. */
  issuer: Buffer;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  /** A CA certificate (the root) or a TLS server certificate for `dnsNames`. */
  ca: boolean;
  dnsNames: string[];
  keyUsageBits: number[];
  issuerKey: KeyObject;
}

function extensions(plan: CertificatePlan): Buffer {
  const list = [
    extension(OID.basicConstraints, true, plan.ca ? der.sequence(der.boolean(true)) : der.sequence()),
    extension(OID.keyUsage, true, der.namedBits(plan.keyUsageBits)),
    extension(OID.subjectKeyId, false, der.octetString(keyIdentifier(plan.publicKey))),
    extension(OID.authorityKeyId, false, der.sequence(der.implicitPrimitive(0, keyIdentifier(plan.issuerKey)))),
  ];
  if (!plan.ca) {
    list.push(extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))));
    list.push(extension(OID.subjectAltName, false, der.sequence(...plan.dnsNames.map((n) => der.implicitPrimitive(2, Buffer.from(n, 'latin1'))))));
  }
  return der.explicit(3, der.sequence(...list));
}

/** The signature algorithm an issuer key signs with: SHA-256 with RSA, or ECDSA with its curve's hash. */
function signatureAlgorithm(key: KeyObject): { id: Buffer; hash: string } {
  if (key.asymmetricKeyType === 'rsa') return { id: der.sequence(der.oid(OID.sha256WithRsa), der.nullValue()), hash: 'sha256' };
  const p384 = key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
  return { id: der.sequence(der.oid(p384 ? OID.ecdsaWithSha384 : OID.ecdsaWithSha256)), hash: p384 ? 'sha384' : 'sha256' };
}

/** The certificate, signed by `plan.issuerKey`, as PEM. */
export function buildCertificate(plan: CertificatePlan): string {
  const algorithm = signatureAlgorithm(plan.issuerKey);
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(plan.serial),
    algorithm.id,
    plan.issuer,
    der.sequence(der.time(plan.notBefore), der.time(plan.notAfter)),
    encodeName(plan.subject),
    plan.publicKey.export({ type: 'spki', format: 'der' }),
    extensions(plan),
  );
  const signature = sign(algorithm.hash, tbs, plan.issuerKey);
  const body = der.sequence(tbs, algorithm.id, der.bitString(signature)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** A certificate's subject Name in DER (the issuer Name of what it signs). */
export function subjectNameOf(cert: X509Certificate): Buffer {
  const tbs = der.childrenOf(der.childrenOf(der.readNode(cert.raw))[0]);
  // With the [0] version present, the subject is the sixth element of the TBSCertificate.
  return tbs[tbs[0].tag === 0xa0 ? 5 : 4].raw;
}
