/** The `certificateStore` port over the Store and the key vault. */
import { Scope } from '../../../platform/aws/scope.js';
import { Store } from '../../../state/store.js';
import { KeyVault, KeyVaultError } from '../../kms/domain/ports.js';
import { openKey } from './key-seal.js';
import { certificateKey, parseCertificateArn, recordOfArn } from './names.js';
import { CertificateStore } from './ports.js';
import { CertificateDoc, IN_USE_BY, KIND } from './records.js';

/** ISSUED until NotAfter has passed, then EXPIRED (Berth issues at once, so nothing is ever pending). */
export const statusAt = (doc: Pick<CertificateDoc, 'NotAfter'>, now: Date) => (now.toISOString() > doc.NotAfter ? 'EXPIRED' : 'ISSUED');

export function storeCertificateStore(store: Store, vault: KeyVault): CertificateStore {
  const find = (scope: Scope, arn: string) => {
    const ref = parseCertificateArn(arn, scope);
    return ref.by === 'id' ? store.get<CertificateDoc>(KIND.certificate, certificateKey(scope, ref.id))?.doc : undefined;
  };
  return {
    describe(scope, arn, now) {
      const doc = find(scope, arn);
      if (!doc) return undefined;
      return { arn: doc.CertificateArn, status: statusAt(doc, now), keyAlgorithm: doc.KeyAlgorithm, domainNames: [doc.DomainName, ...doc.SubjectAlternativeNames.filter((n) => n !== doc.DomainName)] };
    },

    bundle(scope, arn) {
      const doc = find(scope, arn);
      if (!doc) return undefined;
      try {
        return { arn: doc.CertificateArn, certificatePem: doc.certificatePem, chainPem: doc.chainPem, privateKeyPem: openKey(vault, scope, doc.CertificateArn, doc.sealedKey) };
      } catch (e) {
        if (e instanceof KeyVaultError) return undefined;
        throw e;
      }
    },

    setUsage(user, certificateArns) {
      store.transact((tx) => {
        const wanted = new Set(certificateArns.map((arn) => recordOfArn(arn)?.key).filter((k): k is string => k !== undefined));
        for (const rec of tx.listByIndex<CertificateDoc>(KIND.certificate, IN_USE_BY, { key: user })) {
          if (!wanted.delete(rec.id)) tx.put(KIND.certificate, rec.id, { ...rec.doc, inUseBy: rec.doc.inUseBy.filter((u) => u !== user) }, rec.version);
        }
        for (const key of wanted) {
          const rec = tx.get<CertificateDoc>(KIND.certificate, key);
          if (rec) tx.put(KIND.certificate, key, { ...rec.doc, inUseBy: [...rec.doc.inUseBy, user] }, rec.version);
        }
      });
    },
  };
}
