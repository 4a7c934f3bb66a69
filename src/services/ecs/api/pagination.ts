/** nextToken handling shared by the List* operations: the token is the last key returned, opaque to clients. */
import { clientError } from '../../../protocol/errors.js';

export function encodeToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey })).toString('base64url');
}

export function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed.k === 'string') return parsed.k;
  } catch {
    // fall through to the AWS error below
  }
  throw clientError('InvalidParameterException', 'Invalid nextToken.');
}

/** Pages over items already sorted by key. */
export function page<T>(items: T[], keyOf: (t: T) => string, nextToken: string | undefined, maxResults: number | undefined, defaultMax: number, upperBound = 100): { items: T[]; nextToken?: string } {
  const limit = maxResults ?? defaultMax;
  if (limit < 1 || limit > upperBound) {
    throw clientError('InvalidParameterException', `maxResults must be between 1 and ${upperBound}.`);
  }
  const after = decodeToken(nextToken);
  const start = after === undefined ? items : items.filter((t) => keyOf(t) > after);
  const slice = start.slice(0, limit);
  return { items: slice, nextToken: start.length > limit ? encodeToken(keyOf(slice[slice.length - 1])) : undefined };
}

/**
 * Pages over a source read in id order (an index range): reads only as far as the page
 * needs, in chunks, keeping the items that pass `keep` (filters the index does not cover).
 */
export function pageFrom<T>(read: (after: string | undefined, limit: number) => T[], keyOf: (t: T) => string, keep: (t: T) => boolean,
  nextToken: string | undefined, maxResults: number | undefined, defaultMax: number, upperBound = 100): { items: T[]; nextToken?: string } {
  const limit = maxResults ?? defaultMax;
  if (limit < 1 || limit > upperBound) {
    throw clientError('InvalidParameterException', `maxResults must be between 1 and ${upperBound}.`);
  }
  let after = decodeToken(nextToken);
  const kept: T[] = [];
  // One more than the page tells whether another page exists.
  while (kept.length <= limit) {
    const chunk = read(after, limit + 1);
    kept.push(...chunk.filter(keep));
    if (chunk.length <= limit) break;
    after = keyOf(chunk[chunk.length - 1]);
  }
  const items = kept.slice(0, limit);
  return { items, nextToken: kept.length > limit ? encodeToken(keyOf(items[items.length - 1])) : undefined };
}
