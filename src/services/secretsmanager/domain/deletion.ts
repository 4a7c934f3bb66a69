/**
 * Deleting and restoring secrets. DeleteSecret schedules the secret for deletion after a
 * recovery window of 7 to 30 days (30 by default); until then it keeps its name, answers
 * DescribeSecret and ListSecretVersionIds, can be restored, and refuses everything else.
 * ForceDeleteWithoutRecovery removes it at once, also when it is already scheduled. A
 * sweep on the injected clock removes scheduled secrets whose time has come.
 */
import { smErrors } from './errors.js';
import { Store, Tx } from '../../../state/store.js';
import { KIND, SCHEDULED_INDEX, SecretDoc, versionPrefix } from './records.js';

const DAY_MS = 24 * 3600_000;
export const DEFAULT_RECOVERY_DAYS = 30;

export type DeletionPlan = { kind: 'now'; at: Date } | { kind: 'scheduled'; at: Date };

export interface DeletionRequest {
  RecoveryWindowInDays?: number;
  ForceDeleteWithoutRecovery?: boolean;
}

/** What a DeleteSecret call does to a secret in the state `secret` is in. */
export function planDeletion(secret: Pick<SecretDoc, 'DeletedDate'>, request: DeletionRequest, now: Date): DeletionPlan {
  const days = request.RecoveryWindowInDays;
  if (days !== undefined && request.ForceDeleteWithoutRecovery) {
    throw smErrors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  if (days !== undefined && (days < 7 || days > 30)) {
    throw smErrors.invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  }
  if (request.ForceDeleteWithoutRecovery) return { kind: 'now', at: now };
  if (secret.DeletedDate !== undefined) throw smErrors.invalidRequest("You tried to perform the operation on a secret that's currently marked deleted.");
  return { kind: 'scheduled', at: new Date(now.getTime() + (days ?? DEFAULT_RECOVERY_DAYS) * DAY_MS) };
}


/** Whether the sweep removes this secret now. */
export const isDue = (doc: Pick<SecretDoc, 'deleteAfter'>, now: Date) => doc.deleteAfter !== undefined && Date.parse(doc.deleteAfter) <= now.getTime();

/** The secret restored: no longer scheduled. */
export function restored<T extends SecretDoc>(doc: T, now: Date): T {
  const { DeletedDate: _d, deleteAfter: _a, ...rest } = doc;
  return { ...rest, LastChangedDate: now.toISOString() } as T;
}

/** Removes every scheduled secret whose recovery window has passed, with its versions; how many. */
export function sweepDeletions(store: Store, now: Date): number {
  const scheduled = store.listByIndex<SecretDoc>(KIND.secret, SCHEDULED_INDEX, { key: 'scheduled' }).filter((r) => isDue(r.doc, now));
  for (const secret of scheduled) store.transact((tx) => removeSecret(tx, secret.id));
  return scheduled.length;
}

/** The secret and all its versions, gone. */
export function removeSecret(tx: Tx, key: string): void {
  for (const version of tx.list(KIND.version, { prefix: versionPrefix(key) })) tx.delete(KIND.version, version.id);
  tx.delete(KIND.secret, key);
}
