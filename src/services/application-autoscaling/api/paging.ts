/**
 * NextToken paging over lists in a fixed order: the token is the key of the last item
 * returned, so a page continues after it even when items came or went meanwhile.
 */
import { decodeToken, encodeToken } from '../../../platform/aws/pagination.js';
import { aasErrors } from '../domain/errors.js';

export interface Paged<T> {
  items: T[];
  NextToken?: string;
}

/** The key a NextToken carries; InvalidNextTokenException when it is not one of Berth's. */
export function afterToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const after = decodeToken(token);
  if (after === undefined) throw aasErrors.invalidNextToken();
  return after;
}

/** A page of `items`, already sorted by the unique, increasing `keyOf`. */
export function pageOf<T>(items: T[], keyOf: (t: T) => string, token: string | undefined, limit: number): Paged<T> {
  const after = afterToken(token);
  const rest = after === undefined ? items : items.filter((t) => keyOf(t) > after);
  const page = rest.slice(0, limit);
  return { items: page, ...(rest.length > limit ? { NextToken: encodeToken(keyOf(page[page.length - 1])) } : {}) };
}
