/**
 * Which key states each use of a key accepts, from the key state table of the KMS
 * Developer Guide ("Key states of AWS KMS keys"), and what AWS answers otherwise:
 *
 *   use      Enabled  Disabled               PendingDeletion
 *   crypto   ✓        DisabledException      KMSInvalidStateException   Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, Enable/DisableKeyRotation, RotateKeyOnDemand
 *   change   ✓        ✓                      KMSInvalidStateException   Enable/DisableKey, ScheduleKeyDeletion, Tag/UntagResource, UpdateKeyDescription, an alias's new target
 *   cancel   KMSInvalidStateException (not pending deletion)   ✓        CancelKeyDeletion
 *   read     ✓        ✓                      ✓                          DescribeKey, Get/PutKeyPolicy, ListKeyPolicies, ListResourceTags, GetKeyRotationStatus, ListKeyRotations, DeleteAlias
 *
 * Transitions: CreateKey → Enabled; EnableKey ↔ DisableKey; ScheduleKeyDeletion →
 * PendingDeletion (from either); CancelKeyDeletion → Disabled; the sweep deletes a key
 * whose DeletionDate has passed.
 */
import { kmsErrors } from './errors.js';
import { KeyDoc } from './records.js';

export type KeyUse = 'crypto' | 'change' | 'cancel' | 'read';

/** Throws AWS's error when the key's state does not allow the use. */
export function checkKeyState(key: KeyDoc, use: KeyUse): void {
  const state = key.KeyState;
  if (use === 'cancel') {
    if (state !== 'PendingDeletion') throw kmsErrors.notPendingDeletion(key.Arn);
    return;
  }
  if (use === 'read') return;
  if (state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.Arn);
  if (use === 'crypto' && state === 'Disabled') throw kmsErrors.disabled(key.Arn);
}

/**
 * What the KMS API may do with an AWS managed key: AWS's policy for one lets the account
 * read it (Describe*, Get*, List*) and its service use it; anything else is refused
 * whatever the caller's IAM policies say. Other services use it through the keyVault port.
 */
const AWS_MANAGED_KEY_ACTIONS = new Set(['DescribeKey', 'GetKeyPolicy', 'ListKeyPolicies', 'ListResourceTags', 'GetKeyRotationStatus', 'ListKeyRotations', 'ListAliases']);

export function checkKeyManager(key: KeyDoc, operation: string, callerArn: string): void {
  if (key.KeyManager === 'AWS' && !AWS_MANAGED_KEY_ACTIONS.has(operation)) throw kmsErrors.accessDenied(callerArn, `kms:${operation}`, key.Arn);
}

/** ScheduleKeyDeletion's waiting period: 7 to 30 days, 30 when not given. */
export const DELETION_WINDOW = { min: 7, max: 30, default: 30 } as const;

export function checkDeletionWindow(days: number): void {
  if (days < DELETION_WINDOW.min || days > DELETION_WINDOW.max) {
    throw kmsErrors.validation(`PendingWindowInDays should be between ${DELETION_WINDOW.min} and ${DELETION_WINDOW.max}, but it is ${days}`);
  }
}

/** Automatic rotation: every 365 days unless RotationPeriodInDays says otherwise (90–2560, the model checks). */
export const DEFAULT_ROTATION_DAYS = 365;
/** RotateKeyOnDemand: at most this many per key. */
export const ON_DEMAND_ROTATION_LIMIT = 25;

const DAY_MS = 86_400_000;
export const addDays = (iso: string | Date, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS);

/** When the key next rotates automatically, if it does. */
export const nextRotation = (key: KeyDoc): Date | undefined => (key.rotation ? addDays(key.rotation.since, key.rotation.periodDays) : undefined);
