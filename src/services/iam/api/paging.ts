/**
 * IAM's Marker/MaxItems paging: every List* answers IsTruncated, and Marker when there is
 * more. The marker is the last key returned (opaque to clients); MaxItems defaults to 100.
 */
import { decodeToken, pageFrom, pageOf } from '../../../platform/aws/pagination.js';
import { ServiceError } from '../../../protocol/errors.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';

export const DEFAULT_MAX_ITEMS = 100;

export interface Paged<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

export interface PageInput {
  Marker?: string;
  MaxItems?: number;
}

function after(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const key = decodeToken(marker);
  if (key === undefined) throw new ServiceError('ValidationError', 'Invalid Marker.', 400);
  return key;
}

/** One page of items sorted by `keyOf`. */
export function page<T>(items: T[], keyOf: (t: T) => string, input: PageInput): Paged<T> {
  const { items: slice, next } = pageOf(items, keyOf, after(input.Marker), input.MaxItems ?? DEFAULT_MAX_ITEMS);
  return { items: slice, IsTruncated: next !== undefined, ...(next !== undefined ? { Marker: next } : {}) };
}

/** One page of a kind's records under an id prefix (in id order), keeping those `keep` accepts. */
export function pageRecords<D>(tx: ReadTx, kind: string, prefix: string, keep: (doc: D) => boolean, input: PageInput): Paged<StoredRecord<D>> {
  const read = (afterId: string | undefined, limit: number) => tx.list<D>(kind, { prefix, limit, ...(afterId !== undefined ? { after: afterId } : {}) });
  const { items, next } = pageFrom(read, (r) => r.id, (r) => keep(r.doc), after(input.Marker), input.MaxItems ?? DEFAULT_MAX_ITEMS);
  return { items, IsTruncated: next !== undefined, ...(next !== undefined ? { Marker: next } : {}) };
}

/** The paging members of an answer. */
export const pageFields = (p: Paged<unknown>) => ({ IsTruncated: p.IsTruncated, ...(p.Marker !== undefined ? { Marker: p.Marker } : {}) });

/** Sorts by key (code point order, as the store's ids). */
export function sortedBy<T>(items: T[], keyOf: (t: T) => string): T[] {
  return [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
