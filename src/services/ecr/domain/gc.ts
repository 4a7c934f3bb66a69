/**
 * Garbage collection of blobs nothing references. Mark and sweep run synchronously in
 * one tick: every push records its blob link or image in a synchronous transaction right
 * after its blob lands, so no push can interleave with the sweep. A grace period on file
 * age (and on unreferenced layer links) keeps blobs of pushes still in progress: layers
 * uploaded but whose manifest has not arrived yet.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Clock } from '../../../platform/clock.js';
import { Store } from '../../../state/store.js';
import { BlobStore } from './blob-store.js';
import { ImageDoc, KIND, LayerDoc, repoOfImageId, UploadDoc } from './records.js';
import { Uploads } from './uploads.js';

export interface GcOptions {
  /** Blob files younger than this are kept even when unmarked. */
  blobGraceMs: number;
  /** Layer links not referenced by any image of their repository are dropped after this. */
  linkGraceMs: number;
  /** Upload sessions idle longer than this are expired. */
  uploadMaxAgeMs: number;
}

export const DEFAULT_GC: GcOptions = { blobGraceMs: 3600_000, linkGraceMs: 24 * 3600_000, uploadMaxAgeMs: 24 * 3600_000 };

export interface GcResult { removedBlobs: number; removedLinks: number; expiredUploads: number }

/** Digests referenced by images, and layer links still within their grace period. Drops stale links. */
function mark(store: Store, now: number, linkGraceMs: number): { marked: Set<string>; removedLinks: number } {
  const marked = new Set<string>();
  const referencedByRepo = new Set<string>();
  for (const rec of store.list<ImageDoc>(KIND.image)) {
    const repo = repoOfImageId(rec.id);
    for (const d of [rec.doc.digest, ...rec.doc.references]) {
      marked.add(d);
      referencedByRepo.add(`${repo}|${d}`);
    }
  }
  const stale: string[] = [];
  for (const rec of store.list<LayerDoc>(KIND.layer)) {
    if (referencedByRepo.has(rec.id)) continue;
    if (now - Date.parse(rec.doc.at) < linkGraceMs) marked.add(rec.doc.digest);
    else stale.push(rec.id);
  }
  if (stale.length) store.transact((tx) => stale.forEach((id) => tx.delete(KIND.layer, id)));
  return { marked, removedLinks: stale.length };
}

function sweep(blobs: BlobStore, marked: Set<string>, cutoff: number): number {
  let removed = 0;
  for (const alg of readdirSync(blobs.blobsDir)) {
    for (const prefix of readdirSync(join(blobs.blobsDir, alg))) {
      const dir = join(blobs.blobsDir, alg, prefix);
      for (const hex of readdirSync(dir)) {
        const file = join(dir, hex);
        if (marked.has(`${alg}:${hex}`) || statSync(file).mtimeMs >= cutoff) continue;
        unlinkSync(file);
        removed++;
      }
    }
  }
  return removed;
}

/** Upload files with no session (a crash between file and record, or a manifest temp file). */
function sweepOrphanUploads(store: Store, blobs: BlobStore, cutoff: number): void {
  for (const name of readdirSync(blobs.uploadsDir)) {
    if (store.get<UploadDoc>(KIND.upload, name)) continue;
    const file = join(blobs.uploadsDir, name);
    if (statSync(file).mtimeMs < cutoff) unlinkSync(file);
  }
}

export async function collectGarbage(store: Store, blobs: BlobStore, uploads: Uploads, clock: Clock, opts: GcOptions = DEFAULT_GC): Promise<GcResult> {
  const expiredUploads = await uploads.expire(opts.uploadMaxAgeMs);
  const now = clock.now().getTime();
  // From here to the end nothing awaits: pushes cannot interleave with mark and sweep.
  const { marked, removedLinks } = mark(store, now, opts.linkGraceMs);
  const removedBlobs = sweep(blobs, marked, now - opts.blobGraceMs);
  sweepOrphanUploads(store, blobs, now - opts.blobGraceMs);
  return { removedBlobs, removedLinks, expiredUploads };
}
