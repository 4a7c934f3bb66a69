/** Marker/PageSize paging of the Describe* operations: the marker is the last key returned, opaque to clients. */
import { clientError } from '../../../protocol/errors.js';

export function page<T>(items: T[], keyOf: (t: T) => string, marker: string | undefined, pageSize: number | undefined): { items: T[]; NextMarker?: string } {
  const limit = pageSize ?? 400;
  let after: string | undefined;
  if (marker !== undefined) {
    try {
      after = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')).k;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') throw clientError('ValidationError', 'Invalid value for parameter Marker');
  }
  const rest = after === undefined ? items : items.filter((t) => keyOf(t) > after!);
  const slice = rest.slice(0, limit);
  const NextMarker = rest.length > limit ? Buffer.from(JSON.stringify({ k: keyOf(slice[slice.length - 1]) })).toString('base64url') : undefined;
  return { items: slice, NextMarker };
}
