/**
 * Content-addressed blobs on disk. A blob becomes visible only by an atomic rename of a
 * fully written, verified file, so a crash never leaves a half blob under its digest.
 * Upload data lives in uploads/<id> until it is verified and renamed into blobs/.
 */
import { createHash, Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Digest, parseDigest } from './digest.js';

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
    // 1 MiB reads: layers are large and sequential.
    return createReadStream(this.blobPath(digest), { highWaterMark: 1 << 20, ...(range ? { start: range.start, end: range.end } : {}) });
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

  /** Appends a body to an upload, feeding the hash; resolves the number of bytes written. */
  async append(id: string, body: Readable, hash: Hash): Promise<number> {
    let n = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        n += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(body, tap, createWriteStream(this.uploadPath(id), { flags: 'a', highWaterMark: 1 << 20 }));
    return n;
  }

  /** Hashes an upload file from the start (a restart lost the running hash, or a sha512 digest was asked for). */
  async hashUpload(id: string, algorithm: Digest['algorithm'] = 'sha256'): Promise<Hash> {
    const hash = createHash(algorithm);
    for await (const chunk of createReadStream(this.uploadPath(id), { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    return hash;
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
