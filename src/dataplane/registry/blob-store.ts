/**
 * Content-addressed blobs on disk. A blob becomes visible only by an atomic rename of a
 * fully written, verified file, so a crash never leaves a half blob under its digest.
 * Upload data lives in uploads/<id> until it is verified and renamed into blobs/.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Digest, MultiHasher, parseDigest } from './digest.js';

export class BlobStore {
  readonly blobsDir: string;
  readonly uploadsDir: string;

  constructor(readonly root: string) {
    this.blobsDir = join(root, 'blobs');
    this.uploadsDir = join(root, 'uploads');
    mkdirSync(this.blobsDir, { recursive: true });
    mkdirSync(this.uploadsDir, { recursive: true });
  }

  /** blobs/<alg>/<first two hex>/<hex> */
  blobPath(digest: string): string {
    const d = parseDigest(digest);
    if (!d) throw new Error(`invalid digest ${digest}`);
    return join(this.blobsDir, d.algorithm, d.hex.slice(0, 2), d.hex);
  }

  uploadPath(id: string): string {
    return join(this.uploadsDir, id);
  }

  /** Size in bytes, or undefined when absent. Synchronous so callers can check and commit in one tick. */
  sizeSync(digest: string): number | undefined {
    try {
      return statSync(this.blobPath(digest)).size;
    } catch {
      return undefined;
    }
  }

  /** Marks a blob as just used so a concurrent garbage collection keeps it for its grace period. */
  touchSync(digest: string): void {
    const now = new Date();
    try {
      utimesSync(this.blobPath(digest), now, now);
    } catch {
      // absent: the caller reports it
    }
  }

  open(digest: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.blobPath(digest), range ? { start: range.start, end: range.end } : {});
  }

  async read(digest: string): Promise<Buffer> {
    const fh = await open(this.blobPath(digest), 'r');
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  /** Creates an empty upload file. */
  async createUpload(id: string): Promise<void> {
    await (await open(this.uploadPath(id), 'w')).close();
  }

  async uploadSize(id: string): Promise<number | undefined> {
    return stat(this.uploadPath(id)).then((s) => s.size, () => undefined);
  }

  /** Appends a body to an upload, feeding the hasher; resolves the number of bytes written. */
  async append(id: string, body: Readable, hasher?: MultiHasher): Promise<number> {
    let n = 0;
    const counter = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        n += chunk.length;
        hasher?.update(chunk);
        yield chunk;
      }
    };
    await pipeline(body, counter, createWriteStream(this.uploadPath(id), { flags: 'a' }));
    return n;
  }

  /** Re-hashes an upload file (after a restart lost the in-memory hash state). */
  async hashUpload(id: string): Promise<MultiHasher> {
    const hasher = new MultiHasher();
    for await (const chunk of createReadStream(this.uploadPath(id))) hasher.update(chunk as Buffer);
    return hasher;
  }

  /**
   * Moves a verified upload under its digest. Synchronous so the caller records the
   * blob's link in the store in the same tick (the collector never sees it unowned).
   */
  commitSync(id: string, digest: Digest): void {
    const target = this.blobPath(`${digest.algorithm}:${digest.hex}`);
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(this.uploadPath(id), target);
  }

  async discardUpload(id: string): Promise<void> {
    await rm(this.uploadPath(id), { force: true });
  }

  /** Stores small content (a manifest) under its digest: temp file, then rename. */
  async putSmall(digest: string, data: Buffer, tempId: string): Promise<void> {
    if (existsSync(this.blobPath(digest))) return this.touchSync(digest);
    await pipeline(Readable.from([data]), createWriteStream(this.uploadPath(tempId)));
    const d = parseDigest(digest)!;
    this.commitSync(tempId, d);
  }

  removeSync(digest: string): void {
    try {
      unlinkSync(this.blobPath(digest));
    } catch {
      // already gone
    }
  }
}
