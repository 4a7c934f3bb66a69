/** Range (blob GET) and Content-Range (chunked upload PATCH) header parsing. */

export interface ByteRange { start: number; end: number }

/**
 * Parses a single-range `Range: bytes=a-b | a- | -n` against a blob size.
 * undefined: no usable Range header (serve the whole blob); 'unsatisfiable': answer 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Upload chunk range `<start>-<end>` (inclusive, no unit, as the distribution spec writes it); also accepts `bytes ` prefixes some clients send. */
export function parseContentRange(header: string | undefined): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!m) return undefined;
  const r = { start: Number(m[1]), end: Number(m[2]) };
  return r.end < r.start ? undefined : r;
}

/** The `Range: 0-<end>` reply after `size` bytes were received (`0-0` when empty, as distribution does). */
export function uploadedRange(size: number): string {
  return `0-${Math.max(0, size - 1)}`;
}
