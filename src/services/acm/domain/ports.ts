/**
 * What ACM offers other services (the `certificateStore` port): a certificate's state and,
 * for a TLS server, its PEM chain and private key by ARN; and a record of which load
 * balancers use which certificates (DescribeCertificate's InUseBy; DeleteCertificate
 * refuses a certificate in use). The ELBv2 module validates listener certificates with
 * `describe`, gives its data plane `bundle`, and reports its listeners' certificates with
 * `setUsage`. Nothing from `bundle` may be logged or put into an error.
 */
import { Scope } from '../../../platform/aws/scope.js';

export interface CertificateState {
  arn: string;
  /** ACM's status: ISSUED, or EXPIRED once NotAfter has passed (imported certificates). */
  status: string;
  /** ACM's KeyAlgorithm name (RSA_2048, EC_prime256v1…). */
  keyAlgorithm: string;
  /** DomainName, then the other subject alternative names. */
  domainNames: string[];
}

export interface CertificateBundle {
  arn: string;
  /** The certificate, PEM. */
  certificatePem: string;
  /** Its issuers, PEM, leaf-most first; absent when imported without a chain. */
  chainPem?: string;
  /** PKCS #8 PEM, decrypted for this call only. */
  privateKeyPem: string;
}

export interface CertificateStore {
  /** The certificate an ARN names in `scope`, or undefined (no such certificate, another account's or Region's). */
  describe(scope: Scope, certificateArn: string, now: Date): CertificateState | undefined;
  /** The certificate with its decrypted key; undefined when it names none, or KMS refuses to decrypt its key. */
  bundle(scope: Scope, certificateArn: string): CertificateBundle | undefined;
  /**
   * Records that `user` (a load balancer ARN) now uses exactly `certificateArns` (none: it
   * uses none any more). Inside a caller's store transaction, it is part of that transaction.
   */
  setUsage(user: string, certificateArns: string[]): void;
}
