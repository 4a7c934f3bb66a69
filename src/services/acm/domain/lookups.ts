/** A certificate by the ARN a call names, in the caller's account and Region, with ACM's errors. */
import { Scope } from '../../../platform/aws/scope.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { acmErrors } from './errors.js';
import { certificateKey, parseCertificateArn } from './names.js';
import { CertificateDoc, KIND } from './records.js';

export function requireCertificate(tx: ReadTx, scope: Scope, arn: string): StoredRecord<CertificateDoc> {
  const ref = parseCertificateArn(arn, scope);
  if (ref.by === 'invalid') throw acmErrors.invalidArn(arn);
  const rec = ref.by === 'id' ? tx.get<CertificateDoc>(KIND.certificate, certificateKey(scope, ref.id)) : undefined;
  if (!rec) throw acmErrors.notFound(arn);
  return rec;
}
