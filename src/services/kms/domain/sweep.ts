/**
 * The KMS timers, served by a periodic sweep on the injected clock: a key whose deletion
 * date has passed is deleted with its aliases, and an enabled key whose automatic rotation
 * is due gets a new current material (a disabled key rotates once enabled again, as AWS
 * defers rotation). Each key changes in its own transaction, re-read inside it, so a call
 * that lands meanwhile (CancelKeyDeletion, DisableKeyRotation) wins.
 */
import { Store, StoredRecord, Tx } from '../../../state/store.js';
import { nextRotation } from './key-rules.js';
import { KeyRing } from './keyring.js';
import { deleteKey } from './lookups.js';
import { KeyDoc, KEYS_BY_TIMER, KIND, Timer } from './records.js';

export interface SweepResult { deleted: number; rotated: number }

const deletionDue = (key: KeyDoc, now: Date) => key.KeyState === 'PendingDeletion' && key.DeletionDate !== undefined && new Date(key.DeletionDate) <= now;
function rotationDue(key: KeyDoc, now: Date): boolean {
  const next = nextRotation(key);
  return key.KeyState === 'Enabled' && next !== undefined && next <= now;
}

/** Applies `act` to each key filed under `timer` for which `due` holds; how many it changed. */
function serve(store: Store, timer: Timer, due: (key: KeyDoc) => boolean, act: (tx: Tx, key: StoredRecord<KeyDoc>) => void): number {
  let count = 0;
  for (const { id } of store.listByIndex<KeyDoc>(KIND.key, KEYS_BY_TIMER, { key: timer })) {
    count += store.transact((tx) => {
      const current = tx.get<KeyDoc>(KIND.key, id);
      if (!current || !due(current.doc)) return 0;
      act(tx, current);
      return 1;
    });
  }
  return count;
}

export function sweepKeys(store: Store, ring: KeyRing, now: Date): SweepResult {
  const deleted = serve(store, 'deletion', (key) => deletionDue(key, now), deleteKey);
  const rotated = serve(store, 'rotation', (key) => rotationDue(key, now), (tx, key) => tx.put(KIND.key, key.id, ring.rotate(key.doc, 'AUTOMATIC', now), key.version));
  return { deleted, rotated };
}
