/**
 * Reading a secret's value: which version a VersionId / VersionStage selects (AWSCURRENT
 * when neither is given), its value through KMS, and the access dates AWS keeps. Used by
 * GetSecretValue, BatchGetSecretValue and the `secretReader` port alike.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { Tx } from '../../../state/store.js';
import { KeyVault } from '../../kms/domain/ports.js';
import { smErrors } from './errors.js';
import { getVersion, requireLive } from './lookups.js';
import { KIND, SecretDoc, VersionDoc } from './records.js';
import { CURRENT, labelsOf } from './staging.js';
import { open, SecretValue } from './vault.js';

export interface Selection {
  VersionId?: string;
  VersionStage?: string;
}

export interface ValueRead {
  secret: SecretDoc;
  version: VersionDoc;
  labels: string[];
  value: SecretValue;
}

/** The version a selection names: by id (its label must match when one is given too), else by label. */
function selectVersionId(secret: SecretDoc, sel: Selection): string {
  if (sel.VersionId !== undefined) {
    if (sel.VersionStage !== undefined && secret.stages[sel.VersionStage] !== sel.VersionId) throw smErrors.stageMismatch();
    return sel.VersionId;
  }
  const label = sel.VersionStage ?? CURRENT;
  const id = secret.stages[label];
  if (id === undefined) throw smErrors.noStage(label);
  return id;
}

/** AWS keeps the access date to the day: one write per secret and version per day, not per read. */
export const accessDay = (now: Date) => `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;

export function readValue(tx: Tx, vault: KeyVault, scope: Scope, secretId: string, sel: Selection, now: Date): ValueRead {
  const secret = requireLive(tx, scope, secretId);
  const versionId = selectVersionId(secret.doc, sel);
  const version = getVersion(tx, secret.id, versionId);
  if (!version) throw sel.VersionId !== undefined ? smErrors.noVersion(versionId) : smErrors.noStage(sel.VersionStage ?? CURRENT);
  const value = open(vault, scope, secret.doc.ARN, version.doc);
  const day = accessDay(now);
  if (secret.doc.LastAccessedDate !== day) tx.put(KIND.secret, secret.id, { ...secret.doc, LastAccessedDate: day }, secret.version);
  if (version.doc.LastAccessedDate !== day) tx.put(KIND.version, version.id, { ...version.doc, LastAccessedDate: day }, version.version);
  return { secret: secret.doc, version: version.doc, labels: labelsOf(secret.doc.stages, versionId), value };
}
