/**
 * Aliases: Create/Update/DeleteAlias and ListAliases. An alias is a name (`alias/…`) for
 * one customer managed key of the same account and region; `alias/aws/…` names belong to
 * AWS managed keys and are created by KMS alone. Deleting a key deletes its aliases.
 */
import { scopeOf, scopePrefix } from '../../../platform/aws/scope.js';
import { Operations } from '../../../protocol/generated/kms.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { kmsErrors } from '../domain/errors.js';
import { aliasesOf, findAlias, putAlias, resolveKey } from '../domain/lookups.js';
import { aliasArn, checkAliasName } from '../domain/names.js';
import { AliasDoc, KIND } from '../domain/records.js';
import { keyFor, KmsDeps } from './context.js';
import { page, pageFields, pageRecords } from './paging.js';
import { aliasEntry } from './views.js';

const LIST_ALIASES_LIMIT = 50;

const namesAlias = (ref: string) => ref.startsWith('alias/') || /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(ref);

/** The key an alias may point at: named by key id or ARN, not by another alias. */
function targetKey(deps: KmsDeps, tx: ReadTx, ctx: RequestContext, ref: string, operation: string) {
  if (namesAlias(ref)) throw kmsErrors.aliasToAlias();
  return keyFor(deps, tx, ctx, ref, operation, 'change');
}

function existingAlias(tx: ReadTx, ctx: RequestContext, name: string) {
  const scope = scopeOf(ctx);
  const alias = findAlias(tx, scope, name);
  if (!alias) throw kmsErrors.aliasNotFound(aliasArn(scope, name));
  return alias;
}

export function aliasOps(deps: KmsDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreateAlias: (input, ctx) => {
      checkAliasName(input.AliasName, true);
      store.transact((tx) => {
        const scope = scopeOf(ctx);
        if (findAlias(tx, scope, input.AliasName)) throw kmsErrors.aliasExists(aliasArn(scope, input.AliasName));
        const key = targetKey(deps, tx, ctx, input.TargetKeyId, 'CreateAlias');
        putAlias(tx, scope, input.AliasName, key.doc.KeyId, ctx.now);
      });
      return {};
    },

    UpdateAlias: (input, ctx) => {
      checkAliasName(input.AliasName, true);
      store.transact((tx) => {
        existingAlias(tx, ctx, input.AliasName);
        const key = targetKey(deps, tx, ctx, input.TargetKeyId, 'UpdateAlias');
        putAlias(tx, scopeOf(ctx), input.AliasName, key.doc.KeyId, ctx.now);
      });
      return {};
    },

    DeleteAlias: (input, ctx) => {
      checkAliasName(input.AliasName, true);
      store.transact((tx) => tx.delete(KIND.alias, existingAlias(tx, ctx, input.AliasName).id));
      return {};
    },

    ListAliases: (input, ctx) => {
      const scope = scopeOf(ctx);
      if (input.KeyId === undefined) {
        const result = pageRecords<AliasDoc>(store, KIND.alias, scopePrefix(scope), input, LIST_ALIASES_LIMIT);
        return { Aliases: result.items.map((r) => aliasEntry(r.doc)), ...pageFields(result) };
      }
      const aliases = aliasesOf(store, resolveKey(store, scope, input.KeyId).doc).map((r) => r.doc);
      const result = page(aliases, (a) => a.AliasName, input, LIST_ALIASES_LIMIT);
      return { Aliases: result.items.map(aliasEntry), ...pageFields(result) };
    },
  };
}
