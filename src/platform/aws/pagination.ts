/**
 * Pagination tokens and pages. A token is the last key returned, opaque to clients
 * (base64url JSON); each service wraps a bad token in its own AWS error.
 */
export function encodeToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey })).toString('base64url');
}

/** The key a token carries, or undefined when it is not one of ours. */
export function decodeToken(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return typeof parsed?.k === 'string' ? parsed.k : undefined;
  } catch {
    return undefined;
  }
}

export interface Page<T> {
  items: T[];
  /** The token of the next page, when there is one. */
  next?: string;
}

/** One page of items already sorted by key, after the key `after`. */
export function pageOf<T>(items: T[], keyOf: (t: T) => string, after: string | undefined, limit: number): Page<T> {
  const start = after === undefined ? items : items.filter((t) => keyOf(t) > after);
  const slice = start.slice(0, limit);
  return { items: slice, next: start.length > limit ? encodeToken(keyOf(slice[slice.length - 1])) : undefined };
}

/**
 * One page read from a source in key order (an index range), in chunks, keeping the items
 * that pass `keep`: it reads only as far as the page needs.
 */
export function pageFrom<T>(read: (after: string | undefined, limit: number) => T[], keyOf: (t: T) => string, keep: (t: T) => boolean, after: string | undefined, limit: number): Page<T> {
  const kept: T[] = [];
  let cursor = after;
  // One more than the page tells whether another page exists.
  while (kept.length <= limit) {
    const chunk = read(cursor, limit + 1);
    kept.push(...chunk.filter(keep));
    if (chunk.length <= limit) break;
    cursor = keyOf(chunk[chunk.length - 1]);
  }
  const items = kept.slice(0, limit);
  return { items, next: kept.length > limit ? encodeToken(keyOf(items[items.length - 1])) : undefined };
}
