/** ECS's nextToken and maxResults: the shared tokens and pages (src/platform/aws/pagination.ts) with ECS's errors. */
import { decodeToken as decodeAny, encodeToken, pageFrom as pageFromSource, pageOf } from '../../../platform/aws/pagination.js';
import { clientError } from '../../../protocol/errors.js';

export { encodeToken };

export function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const key = decodeAny(token);
  if (key === undefined) throw clientError('InvalidParameterException', 'Invalid nextToken.');
  return key;
}

function limitOf(maxResults: number | undefined, defaultMax: number, upperBound: number): number {
  const limit = maxResults ?? defaultMax;
  if (limit < 1 || limit > upperBound) throw clientError('InvalidParameterException', `maxResults must be between 1 and ${upperBound}.`);
  return limit;
}

/** Pages over items already sorted by key. */
export function page<T>(items: T[], keyOf: (t: T) => string, nextToken: string | undefined, maxResults: number | undefined, defaultMax: number, upperBound = 100): { items: T[]; nextToken?: string } {
  const p = pageOf(items, keyOf, decodeToken(nextToken), limitOf(maxResults, defaultMax, upperBound));
  return { items: p.items, nextToken: p.next };
}

/** Pages over a source read in id order (an index range), keeping the items that pass `keep`. */
export function pageFrom<T>(read: (after: string | undefined, limit: number) => T[], keyOf: (t: T) => string, keep: (t: T) => boolean,
  nextToken: string | undefined, maxResults: number | undefined, defaultMax: number, upperBound = 100): { items: T[]; nextToken?: string } {
  const p = pageFromSource(read, keyOf, keep, decodeToken(nextToken), limitOf(maxResults, defaultMax, upperBound));
  return { items: p.items, nextToken: p.next };
}
