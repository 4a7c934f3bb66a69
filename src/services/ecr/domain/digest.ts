/** Content digests: parsing and streaming verification (sha256 and sha512, as OCI allows). */
import { createHash } from 'node:crypto';

const DIGEST_RE = /^(sha256|sha512):([a-f0-9]+)$/;
const HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

export interface Digest { algorithm: 'sha256' | 'sha512'; hex: string }

/** undefined for a malformed digest or an algorithm Berth does not hash. */
export function parseDigest(text: string): Digest | undefined {
  const m = DIGEST_RE.exec(text);
  if (!m || m[2].length !== HEX_LENGTH[m[1]]) return undefined;
  return { algorithm: m[1] as Digest['algorithm'], hex: m[2] };
}

export function isDigest(text: string): boolean {
  return parseDigest(text) !== undefined;
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
