/**
 * Berth's private certificate authority: what RequestCertificate's certificates are issued
 * by, at once, since Berth cannot prove control of a public domain. Its root certificate is
 * written to `<data-dir>/ca/berth-root-ca.pem` for clients to trust (curl --cacert, a
 * system trust store); its key beside it, `berth-root-ca.key`, mode 0600 as the data dir's
 * other secrets. Each data dir has its own root (its name carries the key's id), made on
 * first start and kept for good.
 */
import { createPrivateKey, generateKeyPair, generateKeyPairSync, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCertificate, encodeName, KEY_USAGE_BIT, keyIdentifier, NameAttribute, OID, subjectNameOf } from './certificate-builder.js';
import { KeyAlgorithm } from './certificate-facts.js';

export const CA_DIR = 'ca';
export const CA_CERT_FILE = 'berth-root-ca.pem';
export const CA_KEY_FILE = 'berth-root-ca.key';

const ROOT_YEARS = 10;
/** AWS's certificates are valid for 395 days (13 months). */
export const LEAF_DAYS = 395;
const DAY_MS = 86_400_000;

/** The key algorithms RequestCertificate accepts, as AWS documents, with Node's parameters. */
export const REQUESTABLE: Partial<Record<KeyAlgorithm, { type: 'rsa'; modulusLength: number } | { type: 'ec'; namedCurve: string }>> = {
  RSA_2048: { type: 'rsa', modulusLength: 2048 },
  EC_prime256v1: { type: 'ec', namedCurve: 'prime256v1' },
  EC_secp384r1: { type: 'ec', namedCurve: 'secp384r1' },
};

export interface IssuedCertificate {
  certificatePem: string;
  /** The issuing chain: Berth's root. */
  chainPem: string;
  /** PKCS #8 PEM; callers encrypt it before it is stored. */
  privateKeyPem: string;
}

/** A positive 128-bit serial of full length (RFC 5280: positive, at most 20 bytes; the CA/B Forum asks for 64 random bits or more). */
function newSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  return serial;
}

const generate = promisify(generateKeyPair);

export class PrivateCa {
  private readonly issuerName: Buffer;

  constructor(readonly certificatePem: string, private readonly key: KeyObject) {
    this.issuerName = subjectNameOf(new X509Certificate(certificatePem));
  }

  /** A TLS server certificate for `dnsNames` (the first is its CN) with a new key of `algorithm` (one of REQUESTABLE). */
  async issue(dnsNames: string[], algorithm: KeyAlgorithm, now: Date): Promise<IssuedCertificate> {
    const params = REQUESTABLE[algorithm];
    if (!params) throw new Error(`${algorithm} keys cannot be requested`);
    const { publicKey, privateKey } = params.type === 'rsa' ? await generate('rsa', { modulusLength: params.modulusLength }) : await generate('ec', { namedCurve: params.namedCurve });
    const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const certificatePem = buildCertificate({
      serial: newSerial(), subject: [[OID.commonName, dnsNames[0]]], issuer: this.issuerName,
      notBefore, notAfter: new Date(notBefore.getTime() + LEAF_DAYS * DAY_MS), publicKey, ca: false, dnsNames,
      keyUsageBits: params.type === 'rsa' ? [KEY_USAGE_BIT.digitalSignature, KEY_USAGE_BIT.keyEncipherment] : [KEY_USAGE_BIT.digitalSignature],
      issuerKey: this.key,
    });
    return { certificatePem, chainPem: this.certificatePem, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
}

function newRoot(now: Date): { certificatePem: string; key: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const subject: NameAttribute[] = [[OID.country, 'US'], [OID.organization, 'Berth'], [OID.commonName, `Berth Root CA ${keyIdentifier(publicKey).toString('hex').slice(0, 8)}`]];
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + ROOT_YEARS);
  const certificatePem = buildCertificate({
    serial: newSerial(), subject, issuer: encodeName(subject), notBefore, notAfter, publicKey, ca: true, dnsNames: [],
    keyUsageBits: [KEY_USAGE_BIT.digitalSignature, KEY_USAGE_BIT.keyCertSign, KEY_USAGE_BIT.cRLSign], issuerKey: privateKey,
  });
  return { certificatePem, key: privateKey };
}

/** The data dir's CA, made (key 0600, certificate 0644) when either file is missing. */
export function openPrivateCa(dataDir: string, now: Date): PrivateCa {
  const dir = join(dataDir, CA_DIR);
  const certPath = join(dir, CA_CERT_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    const root = newRoot(now);
    writeFileSync(keyPath, root.key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(certPath, root.certificatePem, { mode: 0o644 });
  }
  chmodSync(keyPath, 0o600);
  return new PrivateCa(readFileSync(certPath, 'utf8'), createPrivateKey(readFileSync(keyPath)));
}
