/**
 * ListSecrets: the account's secrets in the Region, without those scheduled for deletion
 * unless IncludePlannedDeletion, filtered (domain/filters.ts) and sorted by SortBy
 * (created-date by default) in SortOrder (desc by default: newest first).
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import { Operations } from '../../../protocol/generated/secretsmanager.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { matchesFilters } from '../domain/filters.js';
import { KIND, SecretDoc } from '../domain/records.js';
import { scope, SmDeps } from './context.js';
import { pageOf } from './paging.js';
import { listEntryView } from './views.js';

const DEFAULT_PAGE = 100;

/** By code unit, as the page token's comparison is. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The scope's secrets, those scheduled for deletion only when asked for. */
export function liveSecrets(tx: ReadTx, place: Scope, includeScheduled: boolean): SecretDoc[] {
  return tx.list<SecretDoc>(KIND.secret, { prefix: scopePrefix(place) }).map((r) => r.doc).filter((d) => includeScheduled || d.DeletedDate === undefined);
}

type SortBy = NonNullable<Operations['ListSecrets']['input']['SortBy']>;

const SORT_FIELD: Record<SortBy, (d: SecretDoc) => string> = {
  'created-date': (d) => d.CreatedDate,
  'last-accessed-date': (d) => d.LastAccessedDate ?? '',
  'last-changed-date': (d) => d.LastChangedDate,
  name: (d) => d.Name,
};

export function listingOps(deps: SmDeps): Pick<TypedHandlers<Operations>, 'ListSecrets'> {
  return {
    ListSecrets: (input, ctx) => {
      const field = SORT_FIELD[input.SortBy ?? 'created-date'];
      // The name makes every key unique; `\u0000` sorts before any name character.
      const keyOf = (d: SecretDoc) => `${field(d)}\u0000${d.Name}`;
      const descending = (input.SortOrder ?? 'desc') === 'desc';
      const secrets = liveSecrets(deps.store, scope(ctx), input.IncludePlannedDeletion ?? false)
        .filter((d) => matchesFilters(input.Filters, d))
        .sort((a, b) => (descending ? -1 : 1) * compare(keyOf(a), keyOf(b)));
      const page = pageOf(secrets, keyOf, input.NextToken, input.MaxResults ?? DEFAULT_PAGE, descending);
      return { SecretList: page.items.map(listEntryView), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
  };
}
