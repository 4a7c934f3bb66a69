/** Signed blob URLs for GetDownloadUrlForLayer (ECR hands out pre-signed S3 URLs; these play that part). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenKey } from './token.js';

const TTL_MS = 3600 * 1000;

function signature(key: TokenKey, name: string, digest: string, expires: string): string {
  return createHmac('sha256', `berth-ecr-blob:${key.secret}`).update(`${name}\n${digest}\n${expires}`).digest('hex');
}

export function presignBlobUrl(key: TokenKey, base: string, name: string, digest: string, now: Date): string {
  const expires = String(now.getTime() + TTL_MS);
  return `${base}/v2/${name}/blobs/${digest}?X-Berth-Expires=${expires}&X-Berth-Signature=${signature(key, name, digest, expires)}`;
}

export function verifyBlobUrl(key: TokenKey, name: string, digest: string, query: URLSearchParams, now: Date): boolean {
  const expires = query.get('X-Berth-Expires') ?? '';
  const got = Buffer.from(query.get('X-Berth-Signature') ?? '');
  const want = Buffer.from(signature(key, name, digest, expires));
  return Number(expires) > now.getTime() && got.length === want.length && timingSafeEqual(got, want);
}
