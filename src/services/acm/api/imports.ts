/**
 * ImportCertificate: a new IMPORTED certificate, or, with CertificateArn, a reimport that
 * replaces an imported certificate's body, chain and key while its ARN, tags and uses stay
 * (load balancers using it serve the new one). Checks come first (domain/import-rules.ts);
 * the key is encrypted inside the transaction, so a refused key leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { scopeOf } from '../../../platform/aws/scope.js';
import { ImportCertificateRequest, Operations } from '../../../protocol/generated/acm.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { acmErrors } from '../domain/errors.js';
import { checkImport, CheckedImport } from '../domain/import-rules.js';
import { sealKey } from '../domain/key-seal.js';
import { requireCertificate } from '../domain/lookups.js';
import { certificateArn, certificateKey } from '../domain/names.js';
import { CertificateDoc, KIND } from '../domain/records.js';
import { AcmDeps } from './context.js';
import { withTags } from './tag-rules.js';

export function importOps({ store, vault }: AcmDeps): Pick<TypedHandlers<Operations>, 'ImportCertificate'> {
  function importNew(tx: Tx, input: ImportCertificateRequest, checked: CheckedImport, ctx: RequestContext) {
    const scope = scopeOf(ctx);
    const id = randomUUID();
    const arn = certificateArn(scope, id);
    const now = ctx.now.toISOString();
    const doc: CertificateDoc = {
      region: scope.region, accountId: scope.accountId, CertificateArn: arn, Type: 'IMPORTED', CreatedAt: now, ImportedAt: now,
      ...checked.facts, certificatePem: checked.certificatePem, chainPem: checked.chainPem,
      sealedKey: sealKey(vault, scope, arn, checked.privateKeyPem), tags: withTags([], input.Tags), inUseBy: [],
    };
    tx.put(KIND.certificate, certificateKey(scope, id), doc, 0);
    return { CertificateArn: arn };
  }

  function reimport(tx: Tx, arn: string, input: ImportCertificateRequest, checked: CheckedImport, ctx: RequestContext) {
    const scope = scopeOf(ctx);
    const rec = requireCertificate(tx, scope, arn);
    if (rec.doc.Type !== 'IMPORTED') throw acmErrors.validation(`Certificate ${arn} was not imported: only imported certificates can be reimported.`);
    if (input.Tags?.length) throw acmErrors.invalidParameter('Tags cannot be specified when reimporting a certificate.');
    const doc: CertificateDoc = {
      ...rec.doc, ...checked.facts, ImportedAt: ctx.now.toISOString(), certificatePem: checked.certificatePem, chainPem: checked.chainPem,
      sealedKey: sealKey(vault, scope, rec.doc.CertificateArn, checked.privateKeyPem),
    };
    tx.put(KIND.certificate, rec.id, doc, rec.version);
    return { CertificateArn: rec.doc.CertificateArn };
  }

  return {
    ImportCertificate: (input, ctx) => {
      const checked = checkImport(input.Certificate, input.PrivateKey, input.CertificateChain, ctx.now);
      return store.transact((tx) => (input.CertificateArn ? reimport(tx, input.CertificateArn, input, checked, ctx) : importNew(tx, input, checked, ctx)));
    },
  };
}
