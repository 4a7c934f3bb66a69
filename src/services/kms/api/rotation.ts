/**
 * Key rotation: Enable/DisableKeyRotation and GetKeyRotationStatus (automatic rotation,
 * served by the sweep), RotateKeyOnDemand (at once; AWS does it asynchronously) and
 * ListKeyRotations. A rotation adds a current material; blobs made under older materials
 * still decrypt, as the blob names its material.
 */
import { Operations, RotationsListEntry } from '../../../protocol/generated/kms.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { kmsErrors } from '../domain/errors.js';
import { DEFAULT_ROTATION_DAYS, nextRotation, ON_DEMAND_ROTATION_LIMIT } from '../domain/key-rules.js';
import { currentMaterial, KeyDoc, KIND } from '../domain/records.js';
import { keyFor, KmsDeps } from './context.js';
import { page, pageFields } from './paging.js';

const LIST_ROTATIONS_LIMIT = 100;

function rotationEntries(key: KeyDoc, includeFirst: boolean): RotationsListEntry[] {
  const current = currentMaterial(key).id;
  return key.materials
    .filter((m) => includeFirst || m.rotationType !== undefined)
    .map((m) => ({
      KeyId: key.KeyId, KeyMaterialId: m.id, KeyMaterialState: m.id === current ? 'CURRENT' : 'NON_CURRENT',
      ...(m.rotationType ? { RotationDate: new Date(m.createdAt), RotationType: m.rotationType } : {}),
    }));
}

export function rotationOps(deps: KmsDeps): TypedHandlers<Operations> {
  const { store, ring } = deps;
  return {
    EnableKeyRotation: (input, ctx) => {
      store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'EnableKeyRotation', 'crypto');
        // A new period applies from the last rotation (or enabling); enabling starts the count now.
        const since = key.doc.rotation?.since ?? ctx.now.toISOString();
        const rotation = { periodDays: input.RotationPeriodInDays ?? DEFAULT_ROTATION_DAYS, since };
        tx.put(KIND.key, key.id, { ...key.doc, rotation }, key.version);
      });
      return {};
    },

    DisableKeyRotation: (input, ctx) => {
      store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'DisableKeyRotation', 'crypto');
        const { rotation: _disabled, ...rest } = key.doc;
        tx.put(KIND.key, key.id, rest, key.version);
      });
      return {};
    },

    GetKeyRotationStatus: (input, ctx) => {
      const { doc } = keyFor(deps, store, ctx, input.KeyId, 'GetKeyRotationStatus', 'read');
      const next = nextRotation(doc);
      return {
        KeyId: doc.KeyId, KeyRotationEnabled: doc.rotation !== undefined,
        ...(doc.rotation && next ? { RotationPeriodInDays: doc.rotation.periodDays, NextRotationDate: next } : {}),
      };
    },

    RotateKeyOnDemand: (input, ctx) => {
      const arn = store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'RotateKeyOnDemand', 'crypto');
        if (key.doc.onDemandRotations >= ON_DEMAND_ROTATION_LIMIT) throw kmsErrors.onDemandLimit(key.doc.Arn);
        tx.put(KIND.key, key.id, ring.rotate(key.doc, 'ON_DEMAND', ctx.now), key.version);
        return key.doc.Arn;
      });
      return { KeyId: arn };
    },

    ListKeyRotations: (input, ctx) => {
      const { doc } = keyFor(deps, store, ctx, input.KeyId, 'ListKeyRotations', 'read');
      const entries = rotationEntries(doc, input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL');
      // Materials are in rotation order; the page key is the material's position.
      const result = page(entries.map((e, i) => ({ e, at: String(i).padStart(6, '0') })), (x) => x.at, input, LIST_ROTATIONS_LIMIT);
      return { Rotations: result.items.map((x) => x.e), ...pageFields(result) };
    },
  };
}
