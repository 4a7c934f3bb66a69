/**
 * NextToken paging over lists sorted in memory (a secret's versions, an account's
 * secrets): the token is the sort key of the last item returned, so a page continues
 * after it even when items were added or removed meanwhile.
 */
import { decodeToken, encodeToken } from '../../../platform/aws/pagination.js';
import { smErrors } from '../domain/errors.js';

export interface Paged<T> {
  items: T[];
  NextToken?: string;
}

/** `items` already in page order; `keyOf` gives each a unique key that increases (or, `descending`, decreases) along it. */
export function pageOf<T>(items: T[], keyOf: (t: T) => string, token: string | undefined, limit: number, descending = false): Paged<T> {
  let rest = items;
  if (token !== undefined) {
    const after = decodeToken(token);
    if (after === undefined) throw smErrors.invalidNextToken();
    rest = items.filter((t) => (descending ? keyOf(t) < after : keyOf(t) > after));
  }
  const page = rest.slice(0, limit);
  return { items: page, ...(rest.length > limit ? { NextToken: encodeToken(keyOf(page[page.length - 1])) } : {}) };
}
