/**
 * ACM's records in the Store: one per certificate, keyed `<region>/<account>/<uuid>`. The
 * certificate and its chain are public and kept as PEM; the private key exists only as KMS
 * ciphertext (`sealedKey`, see key-seal.ts). AWS member names are kept for what the API
 * answers; Berth's own fields are lower case.
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import { IndexDefinition } from '../../../state/store.js';
import { CertificateDetail, DomainValidation } from '../../../protocol/generated/acm.js';
import { CertificateFacts } from './certificate-facts.js';

export const KIND = { certificate: 'acm/certificate' } as const;

export interface TagPair { Key: string; Value?: string }

export interface SealedKey {
  /** The KMS key that encrypted it. */
  keyArn: string;
  /** Base64 of KMS's ciphertext blob of the PKCS #8 PEM. */
  ciphertext: string;
}

export interface CertificateDoc extends CertificateFacts {
  region: string;
  accountId: string;
  CertificateArn: string;
  Type: 'IMPORTED' | 'AMAZON_ISSUED';
  /** ISO 8601 timestamps. */
  CreatedAt: string;
  ImportedAt?: string;
  IssuedAt?: string;
  /** Requested certificates: how the request said domains were to be validated, and what AWS would have asked. */
  ValidationMethod?: DomainValidation['ValidationMethod'];
  DomainValidationOptions?: DomainValidation[];
  Options?: CertificateDetail['Options'];
  certificatePem: string;
  chainPem?: string;
  sealedKey: SealedKey;
  tags: TagPair[];
  /** The load balancers whose listeners use the certificate (InUseBy), kept by the ELBv2 module through the port. */
  inUseBy: string[];
  /** RequestCertificate's IdempotencyToken and until when a repeat returns this certificate. */
  idempotency?: { token: string; until: string };
}

/** Load balancer ARN → the certificates it uses, so a new set of uses finds the old. */
export const IN_USE_BY = 'in-use-by';
/** `<region>/<account>/<token>` → the certificate RequestCertificate issued for it. */
export const BY_TOKEN = 'by-idempotency-token';

export const INDEXES: IndexDefinition<CertificateDoc>[] = [
  { kind: KIND.certificate, name: IN_USE_BY, version: 1, keys: (doc) => doc.inUseBy },
  { kind: KIND.certificate, name: BY_TOKEN, version: 1, keys: (doc) => (doc.idempotency ? [tokenKey(doc, doc.idempotency.token)] : []) },
];

export const tokenKey = (scope: Scope, token: string) => `${scopePrefix(scope)}${token}`;
