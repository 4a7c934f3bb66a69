/** Finding a secret from a SecretId (name, full ARN or partial ARN) and reading its versions. */
import { Scope } from '../../../platform/aws/scope.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { smErrors } from './errors.js';
import { parseSecretId } from './names.js';
import { KIND, SecretDoc, secretKey, VersionDoc, versionKey, versionPrefix } from './records.js';

/** The secret `id` names, or undefined; an id that is no valid name is ValidationException, as AWS answers. */
export function findSecret(tx: ReadTx, scope: Scope, id: string): StoredRecord<SecretDoc> | undefined {
  const ref = parseSecretId(id, scope);
  if (ref.by === 'invalid') throw smErrors.invalidName();
  if (ref.by === 'nothing') return undefined;
  const found = tx.get<SecretDoc>(KIND.secret, secretKey(scope, ref.name));
  return ref.by === 'arn' && found?.doc.ARN !== ref.arn ? undefined : found;
}

export function requireSecret(tx: ReadTx, scope: Scope, id: string): StoredRecord<SecretDoc> {
  const found = findSecret(tx, scope, id);
  if (!found) throw smErrors.notFound();
  return found;
}

/** A secret that is not scheduled for deletion: what every change and every read of a value needs. */
export function requireLive(tx: ReadTx, scope: Scope, id: string): StoredRecord<SecretDoc> {
  const found = requireSecret(tx, scope, id);
  if (found.doc.DeletedDate !== undefined) throw smErrors.markedForDeletion();
  return found;
}

export function getVersion(tx: ReadTx, secret: string, versionId: string): StoredRecord<VersionDoc> | undefined {
  return tx.get<VersionDoc>(KIND.version, versionKey(secret, versionId));
}

/** Every version of a secret, oldest first. */
export function versionsOf(tx: ReadTx, secret: string): StoredRecord<VersionDoc>[] {
  return tx.list<VersionDoc>(KIND.version, { prefix: versionPrefix(secret) })
    .sort((a, b) => a.doc.CreatedDate.localeCompare(b.doc.CreatedDate) || a.doc.VersionId.localeCompare(b.doc.VersionId));
}
