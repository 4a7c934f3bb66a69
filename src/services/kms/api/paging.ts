/**
 * KMS's Limit/Marker paging: every List* answers Truncated, and NextMarker when there is
 * more. The marker is the last key returned (opaque to clients); one that is not ours is
 * InvalidMarkerException.
 */
import { decodeToken, pageFrom, pageOf } from '../../../platform/aws/pagination.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { kmsErrors } from '../domain/errors.js';

export interface PageInput {
  Limit?: number;
  Marker?: string;
}

export interface Paged<T> {
  items: T[];
  Truncated: boolean;
  NextMarker?: string;
}

function after(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const key = decodeToken(marker);
  if (key === undefined) throw kmsErrors.invalidMarker();
  return key;
}

function paged<T>({ items, next }: { items: T[]; next?: string }): Paged<T> {
  return { items, Truncated: next !== undefined, ...(next !== undefined ? { NextMarker: next } : {}) };
}

/** One page of items already in key order. */
export function page<T>(items: T[], keyOf: (t: T) => string, input: PageInput, defaultLimit: number): Paged<T> {
  return paged(pageOf(items, keyOf, after(input.Marker), input.Limit ?? defaultLimit));
}

/** One page of a kind's records under an id prefix, in id order, keeping those `keep` accepts. */
export function pageRecords<D>(tx: ReadTx, kind: string, prefix: string, input: PageInput, defaultLimit: number, keep: (doc: D) => boolean = () => true): Paged<StoredRecord<D>> {
  const read = (afterId: string | undefined, limit: number) => tx.list<D>(kind, { prefix, limit, ...(afterId !== undefined ? { after: afterId } : {}) });
  return paged(pageFrom(read, (r) => r.id, (r) => keep(r.doc), after(input.Marker), input.Limit ?? defaultLimit));
}

/** The paging members of an answer. */
export const pageFields = (p: Paged<unknown>) => ({ Truncated: p.Truncated, ...(p.NextMarker !== undefined ? { NextMarker: p.NextMarker } : {}) });
