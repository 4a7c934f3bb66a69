/**
 * ImportCertificate's checks, as ACM makes them: one PEM certificate, an unencrypted PEM
 * private key of a supported algorithm that matches it, a certificate valid now, and a
 * chain (when given) that actually issued it. Failures are ValidationException; no message
 * repeats the key or the certificate.
 */
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { acmErrors } from './errors.js';
import { CertificateFacts, factsOf, KeyAlgorithm, keyAlgorithmOf } from './certificate-facts.js';

/** What Berth's load balancers can serve: RSA of 2048 bits or more, EC on P-256 or P-384. */
export const IMPORTABLE: KeyAlgorithm[] = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1'];

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface CheckedImport {
  facts: CertificateFacts;
  certificatePem: string;
  chainPem?: string;
  /** The key as PKCS #8 PEM, whatever PEM form it came in. */
  privateKeyPem: string;
}

const text = (value: Buffer | string) => (typeof value === 'string' ? value : value.toString('utf8'));

function parseCertificate(pem: string): X509Certificate {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length > 1) throw acmErrors.validation('The certificate field contains more than one certificate. You can specify only one certificate in this field.');
  try {
    return new X509Certificate(blocks[0] ?? pem);
  } catch {
    throw acmErrors.validation('Unable to parse certificate. Please ensure the certificate is in PEM format.');
  }
}

function parseKey(pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // Node refuses an encrypted key without its passphrase too; ACM takes only unencrypted keys.
    throw acmErrors.validation('Unable to parse the private key. It must be an unencrypted PEM-encoded private key.');
  }
}

function parseChain(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no certificate');
    return blocks.map((b) => new X509Certificate(b));
  } catch {
    throw acmErrors.validation('The certificate chain provided is not in a valid PEM format.');
  }
}

/** Each certificate must be issued and signed by the next: the leaf by the chain's first, and so on. */
function checkChain(leaf: X509Certificate, chain: X509Certificate[]): void {
  const path = [leaf, ...chain];
  for (let i = 0; i + 1 < path.length; i++) {
    if (!path[i].checkIssued(path[i + 1]) || !path[i].verify(path[i + 1].publicKey)) {
      throw acmErrors.validation('Could not validate the certificate with the certificate chain.');
    }
  }
}

function checkValidity(cert: X509Certificate, now: Date): void {
  if (now < new Date(cert.validFrom)) throw acmErrors.validation('The certificate is not valid yet.');
  if (now > new Date(cert.validTo)) throw acmErrors.validation('The certificate has expired.');
}

export function checkImport(certificate: Buffer | string, privateKey: Buffer | string, chain: Buffer | string | undefined, now: Date): CheckedImport {
  const cert = parseCertificate(text(certificate));
  const key = parseKey(text(privateKey));
  const algorithm = keyAlgorithmOf(key);
  if (!algorithm || !IMPORTABLE.includes(algorithm)) throw acmErrors.validation(`The private key is not supported. Supported key algorithms: ${IMPORTABLE.join(', ')}.`);
  if (key.asymmetricKeyType !== cert.publicKey.asymmetricKeyType || !cert.checkPrivateKey(key)) throw acmErrors.validation('The private key does not match the public key in the certificate.');
  checkValidity(cert, now);
  const chainCerts = chain === undefined ? [] : parseChain(text(chain));
  checkChain(cert, chainCerts);
  return {
    facts: factsOf(cert),
    certificatePem: cert.toString(),
    ...(chainCerts.length > 0 ? { chainPem: chainCerts.map((c) => c.toString()).join('') } : {}),
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
