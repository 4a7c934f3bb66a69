/**
 * Blob upload sessions, shared by /v2/ uploads and ECR's InitiateLayerUpload/UploadLayerPart/
 * CompleteLayerUpload. The session record is in the Store and the bytes in uploads/<id>,
 * so sessions survive restarts; the running hash is kept in memory and rebuilt from the
 * file when a restart lost it. One request at a time per session.
 */
import { createHash, Hash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Clock } from '../../../platform/clock.js';
import { Store } from '../../../state/store.js';
import { BlobStore } from './blob-store.js';
import { Digest, parseDigest } from './digest.js';
import { RegistryError } from './errors.js';
import { KIND, UploadDoc } from './records.js';
import { Registry } from './registry.js';

/** The running sha256 of an upload (what clients use; a sha512 digest re-reads the file). */
interface Live { hash: Hash; size: number }

export class Uploads {
  private readonly live = new Map<string, Live>();
  private readonly busy = new Set<string>();

  constructor(private readonly store: Store, private readonly blobs: BlobStore, private readonly registry: Registry, private readonly clock: Clock) {}

  async create(repo: string): Promise<UploadDoc> {
    const doc: UploadDoc = { id: randomUUID(), repo, startedAt: this.clock.now().toISOString() };
    await this.blobs.createUpload(doc.id);
    this.store.transact((tx) => tx.put(KIND.upload, doc.id, doc));
    this.live.set(doc.id, { hash: createHash('sha256'), size: 0 });
    return doc;
  }

  get(repo: string, id: string): UploadDoc {
    const doc = this.store.get<UploadDoc>(KIND.upload, id)?.doc;
    if (!doc || doc.repo !== repo) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { id });
    return doc;
  }

  async size(id: string): Promise<number> {
    return (await this.state(id)).size;
  }

  /**
   * Appends a chunk. `expectedStart` (from Content-Range) must equal the bytes received so far
   * and `expectedLength` the body length; otherwise RANGE_INVALID / SIZE_INVALID.
   */
  async append(id: string, body: Readable, expectedStart?: number, expectedLength?: number): Promise<number> {
    return this.exclusive(id, async () => {
      const live = await this.state(id);
      if (expectedStart !== undefined && expectedStart !== live.size) throw new RegistryError('RANGE_INVALID', `chunk starts at ${expectedStart}, expected ${live.size}`);
      const n = await this.blobs.append(id, body, live.hash);
      live.size += n;
      if (expectedLength !== undefined && n !== expectedLength) {
        this.live.delete(id);
        throw new RegistryError('SIZE_INVALID', `received ${n} bytes, expected ${expectedLength}`);
      }
      return live.size;
    });
  }

  /** Verifies the whole upload against the digest and publishes it as a blob linked to the repository. */
  async complete(id: string, digestText: string): Promise<{ digest: string; size: number }> {
    return this.exclusive(id, async () => {
      const digest = parseDigest(digestText);
      const live = await this.state(id);
      if (!digest) throw new RegistryError('DIGEST_INVALID', 'invalid digest', { digest: digestText });
      const hash = digest.algorithm === 'sha256' ? live.hash : await this.blobs.hashUpload(id, digest.algorithm);
      const ok = hash.digest('hex') === digest.hex;
      this.live.delete(id); // the hash state is consumed either way
      if (!ok) {
        await this.cancel(id);
        throw new RegistryError('DIGEST_INVALID', 'provided digest did not match uploaded content', { digest: digestText });
      }
      this.publish(id, digest, live.size);
      return { digest: digestText, size: live.size };
    });
  }

  /** Rename and record in one tick: the collector never sees the blob without its link. */
  private publish(id: string, digest: Digest, size: number): void {
    const doc = this.store.get<UploadDoc>(KIND.upload, id)!.doc;
    this.blobs.commitSync(id, digest);
    this.store.transact((tx) => {
      tx.delete(KIND.upload, id);
      if (this.registry.repository(tx, doc.repo)) this.registry.link(tx, doc.repo, `${digest.algorithm}:${digest.hex}`, size);
    });
  }

  async cancel(id: string): Promise<void> {
    this.live.delete(id);
    this.store.transact((tx) => tx.delete(KIND.upload, id));
    await this.blobs.discardUpload(id);
  }

  /** Sessions older than maxAgeMs (abandoned pushes) are removed with their data. */
  async expire(maxAgeMs: number): Promise<number> {
    const cutoff = this.clock.now().getTime() - maxAgeMs;
    const stale = this.store.list<UploadDoc>(KIND.upload).filter((r) => Date.parse(r.doc.startedAt) < cutoff && !this.busy.has(r.id));
    for (const r of stale) await this.cancel(r.id);
    return stale.length;
  }

  private async state(id: string): Promise<Live> {
    const onDisk = await this.blobs.uploadSize(id);
    if (onDisk === undefined) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { id });
    let live = this.live.get(id);
    if (!live || live.size !== onDisk) {
      live = { hash: await this.blobs.hashUpload(id), size: onDisk };
      this.live.set(id, live);
    }
    return live;
  }

  private async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy.has(id)) throw new RegistryError('RANGE_INVALID', 'another request is writing to this upload');
    this.busy.add(id);
    try {
      return await fn();
    } finally {
      this.busy.delete(id);
    }
  }
}
