/**
 * Keys and their lifecycle: CreateKey, DescribeKey, ListKeys, Enable/DisableKey,
 * UpdateKeyDescription, Schedule/CancelKeyDeletion. The states and what each operation
 * accepts are in ../domain/key-rules.ts.
 */
import { scopeOf, scopePrefix } from '../../../platform/aws/scope.js';
import { CreateKeyRequest, Operations } from '../../../protocol/generated/kms.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { kmsErrors } from '../domain/errors.js';
import { addDays, checkDeletionWindow, DELETION_WINDOW } from '../domain/key-rules.js';
import { resolveKey, resolveOrCreateKey } from '../domain/lookups.js';
import { defaultKeyPolicy, isAwsManagedAlias } from '../domain/policies.js';
import { KeyDoc, keyRecordId, KIND } from '../domain/records.js';
import { keyFor, KmsDeps } from './context.js';
import { pageFields, pageRecords } from './paging.js';
import { checkPolicy } from './policies.js';
import { checkedTags } from './tags.js';
import { keyMetadata } from './views.js';

const LIST_KEYS_LIMIT = 100;

/** Berth makes symmetric encryption keys of KMS's own material, one Region's or multi-Region primaries. */
function checkKeyKind(input: CreateKeyRequest): void {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw kmsErrors.validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT') throw kmsErrors.unsupported(`Berth supports symmetric encryption keys only (KeySpec SYMMETRIC_DEFAULT), not ${spec}.`);
  const usage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  if (usage !== 'ENCRYPT_DECRYPT') throw kmsErrors.validation(`KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
  if ((input.Origin ?? 'AWS_KMS') !== 'AWS_KMS') throw kmsErrors.unsupported(`Berth supports keys with Origin AWS_KMS only, not ${input.Origin}.`);
  if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) throw kmsErrors.unsupported('Berth has no custom key stores.');
}

const save = (tx: Tx, key: StoredRecord<KeyDoc>, doc: KeyDoc) => tx.put(KIND.key, key.id, doc, key.version);

export function keyOps(deps: KmsDeps): TypedHandlers<Operations> {
  const { store, ring } = deps;
  const setState = (operation: 'EnableKey' | 'DisableKey', state: 'Enabled' | 'Disabled'): TypedHandlers<Operations>['EnableKey'] => (input, ctx) => {
    store.transact((tx) => {
      const key = keyFor(deps, tx, ctx, input.KeyId, operation, 'change');
      save(tx, key, { ...key.doc, KeyState: state });
    });
    return {};
  };
  return {
    CreateKey: (input, ctx) => {
      checkKeyKind(input);
      const scope = scopeOf(ctx);
      if (input.Policy !== undefined) checkPolicy(input.Policy);
      const doc = ring.newKey(scope, {
        description: input.Description ?? '', policy: input.Policy ?? defaultKeyPolicy(scope), tags: checkedTags([], input.Tags ?? []),
        multiRegion: input.MultiRegion ?? false, manager: 'CUSTOMER',
      }, ctx.now);
      store.transact((tx) => tx.put(KIND.key, keyRecordId(scope, doc.KeyId), doc, 0));
      return { KeyMetadata: keyMetadata(doc) };
    },

    DescribeKey: (input, ctx) => {
      const scope = scopeOf(ctx);
      // Describing a predefined AWS alias creates its AWS managed key, as AWS does; anything else only reads.
      const key = isAwsManagedAlias(input.KeyId)
        ? store.transact((tx) => resolveOrCreateKey(tx, scope, input.KeyId, ring, ctx.now))
        : resolveKey(store, scope, input.KeyId);
      return { KeyMetadata: keyMetadata(key.doc) };
    },

    ListKeys: (input, ctx) => {
      const page = pageRecords<KeyDoc>(store, KIND.key, scopePrefix(scopeOf(ctx)), input, LIST_KEYS_LIMIT);
      return { Keys: page.items.map(({ doc }) => ({ KeyId: doc.KeyId, KeyArn: doc.Arn })), ...pageFields(page) };
    },

    EnableKey: setState('EnableKey', 'Enabled'),
    DisableKey: setState('DisableKey', 'Disabled'),

    UpdateKeyDescription: (input, ctx) => {
      store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'UpdateKeyDescription', 'change');
        save(tx, key, { ...key.doc, Description: input.Description });
      });
      return {};
    },

    ScheduleKeyDeletion: (input, ctx) => {
      const days = input.PendingWindowInDays ?? DELETION_WINDOW.default;
      checkDeletionWindow(days);
      const deletionDate = addDays(ctx.now, days);
      const arn = store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'ScheduleKeyDeletion', 'change');
        save(tx, key, { ...key.doc, KeyState: 'PendingDeletion', DeletionDate: deletionDate.toISOString() });
        return key.doc.Arn;
      });
      return { KeyId: arn, DeletionDate: deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
    },

    CancelKeyDeletion: (input, ctx) => {
      const arn = store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'CancelKeyDeletion', 'cancel');
        const { DeletionDate: _cancelled, ...rest } = key.doc;
        save(tx, key, { ...rest, KeyState: 'Disabled' });
        return key.doc.Arn;
      });
      return { KeyId: arn };
    },
  };
}
