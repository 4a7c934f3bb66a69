/**
 * The registry's metadata operations, shared by the /v2/ data plane and the ECR API:
 * resolving references, storing manifests (with tag immutability and reference checks),
 * deleting images and tags, layer links and referrers.
 */
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock.js';
import { Store, Tx, ReadTx } from '../../../state/store.js';
import { BlobStore } from './blob-store.js';
import { isDigest, sha256Digest } from './digest.js';
import { RegistryError } from './errors.js';
import { artifactTypeOf, isIndexType, parseManifest, ParsedManifest } from './manifest.js';
import { childPrefix, ImageDoc, imageId, KIND, LayerDoc, layerId, nameOfRepoId, RepositoryDoc, TagDoc, tagId } from './records.js';
import { tagIsImmutable } from './mutability.js';

/** OCI tag syntax with ECR's 300-character limit (OCI itself says 128). */
export const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,299}$/;

export interface PutManifestResult { digest: string; image: ImageDoc; created: boolean }

export class Registry {
  /** Called after a push stored a new image (scan on push). */
  onImagePushed?: (repo: string, image: ImageDoc) => void;

  constructor(readonly store: Store, readonly blobs: BlobStore, readonly clock: Clock) {}

  repository(tx: ReadTx, repo: string): RepositoryDoc | undefined {
    return tx.get<RepositoryDoc>(KIND.repository, repo)?.doc;
  }

  requireRepository(tx: ReadTx, repo: string): RepositoryDoc {
    const doc = this.repository(tx, repo);
    if (!doc) throw new RegistryError('NAME_UNKNOWN', 'repository name not known to registry', { name: nameOfRepoId(repo) });
    return doc;
  }

  image(tx: ReadTx, repo: string, digest: string): ImageDoc | undefined {
    return tx.get<ImageDoc>(KIND.image, imageId(repo, digest))?.doc;
  }

  /** A tag or digest → the image, or undefined. */
  resolve(tx: ReadTx, repo: string, ref: string): ImageDoc | undefined {
    const digest = isDigest(ref) ? ref : tx.get<TagDoc>(KIND.tag, tagId(repo, ref))?.doc.digest;
    return digest ? this.image(tx, repo, digest) : undefined;
  }

  tags(tx: ReadTx, repo: string): TagDoc[] {
    return tx.list<TagDoc>(KIND.tag, { prefix: childPrefix(repo) }).map((r) => r.doc);
  }

  images(tx: ReadTx, repo: string): ImageDoc[] {
    return tx.list<ImageDoc>(KIND.image, { prefix: childPrefix(repo) }).map((r) => r.doc);
  }

  tagsOf(tx: ReadTx, repo: string, digest: string): string[] {
    return this.tags(tx, repo).filter((t) => t.digest === digest).map((t) => t.tag);
  }

  layer(tx: ReadTx, repo: string, digest: string): LayerDoc | undefined {
    return tx.get<LayerDoc>(KIND.layer, layerId(repo, digest))?.doc;
  }

  /** Size of a blob this repository may serve (linked and present on disk). */
  blobSize(tx: ReadTx, repo: string, digest: string): number | undefined {
    const linked = this.layer(tx, repo, digest) ?? (this.image(tx, repo, digest) ? { size: 0 } : undefined);
    return linked ? this.blobs.sizeSync(digest) : undefined;
  }

  link(tx: Tx, repo: string, digest: string, size: number, mediaType?: string): void {
    const current = this.layer(tx, repo, digest);
    tx.put<LayerDoc>(KIND.layer, layerId(repo, digest), { digest, size, mediaType: mediaType ?? current?.mediaType, at: this.clock.now().toISOString() });
  }

  /**
   * Stores a manifest under a tag or digest reference. The manifest bytes are written
   * first (content-addressed, harmless if the rest fails); references are checked and
   * the records written synchronously so the collector cannot interleave.
   */
  async putManifest(repo: string, ref: string, bytes: Buffer, contentType: string | undefined): Promise<PutManifestResult> {
    const parsed = parseManifest(bytes, contentType);
    if (!parsed.ok) throw new RegistryError('MANIFEST_INVALID', parsed.message);
    const digest = sha256Digest(bytes);
    const byDigest = isDigest(ref);
    if (byDigest && ref !== digest) throw new RegistryError('DIGEST_INVALID', 'provided digest did not match uploaded content', { expected: ref, actual: digest });
    if (!byDigest && !TAG_RE.test(ref)) throw new RegistryError('TAG_INVALID', 'manifest tag did not match URI', { tag: ref });
    this.requireRepository(this.store, repo);
    await this.blobs.putSmall(digest, bytes, `manifest-${randomUUID()}`);
    const result = this.recordManifest(repo, byDigest ? undefined : ref, digest, bytes.length, parsed.manifest);
    if (result.created) this.onImagePushed?.(repo, result.image);
    return result;
  }

  private recordManifest(repo: string, tag: string | undefined, digest: string, size: number, m: ParsedManifest): PutManifestResult {
    this.blobs.touchSync(digest);
    return this.store.transact((tx) => {
      const repoDoc = this.requireRepository(tx, repo);
      const sizes = this.checkReferences(tx, repo, m);
      const existing = this.image(tx, repo, digest);
      if (tag) this.checkTag(tx, repo, repoDoc, tag, digest);
      const image: ImageDoc = existing ?? {
        digest, mediaType: m.mediaType, artifactType: artifactTypeOf(m), configMediaType: m.config?.mediaType,
        manifestSize: size, imageSizeInBytes: sizes, references: m.references.map((d) => d.digest),
        subject: m.subject?.digest, annotations: m.annotations, pushedAt: this.clock.now().toISOString(),
      };
      tx.put(KIND.image, imageId(repo, digest), image);
      if (!isIndexType(m.mediaType)) for (const d of m.references) this.link(tx, repo, d.digest, d.size, d.mediaType);
      if (tag) tx.put<TagDoc>(KIND.tag, tagId(repo, tag), { tag, digest, at: this.clock.now().toISOString() });
      return { digest, image, created: !existing };
    });
  }

  /**
   * Blobs of an image (config included) must be linked to this repository: uploaded or
   * mounted into it, or already an image here. Existing elsewhere is not enough, or a
   * manifest could name a blob of a repository the caller may not pull and have it linked
   * and served here (distribution requires the same). Children of an index must be images
   * here. Returns the image size.
   */
  private checkReferences(tx: ReadTx, repo: string, m: ParsedManifest): number {
    if (isIndexType(m.mediaType)) {
      const missing = m.references.filter((d) => !this.image(tx, repo, d.digest));
      if (missing.length) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', 'manifest references unknown manifests', { digests: missing.map((d) => d.digest) });
      return Math.max(0, ...m.references.map((d) => this.image(tx, repo, d.digest)!.imageSizeInBytes));
    }
    let total = 0;
    for (const d of m.references) {
      const size = this.blobSize(tx, repo, d.digest);
      if (size === undefined) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', { digest: d.digest });
      this.blobs.touchSync(d.digest);
      total += size;
    }
    return total;
  }

  private checkTag(tx: ReadTx, repo: string, repoDoc: RepositoryDoc, tag: string, digest: string): void {
    const current = tx.get<TagDoc>(KIND.tag, tagId(repo, tag))?.doc;
    if (current && current.digest !== digest && tagIsImmutable(repoDoc, tag)) {
      throw new RegistryError('TAG_INVALID', `The image tag '${tag}' already exists in the '${repoDoc.repositoryName}' repository and cannot be overwritten because the tag is immutable.`);
    }
  }

  deleteTag(tx: Tx, repo: string, tag: string): void {
    tx.delete(KIND.tag, tagId(repo, tag));
  }

  /** Deletes an image and every tag pointing at it. */
  deleteImage(tx: Tx, repo: string, digest: string): void {
    for (const t of this.tagsOf(tx, repo, digest)) tx.delete(KIND.tag, tagId(repo, t));
    tx.delete(KIND.image, imageId(repo, digest));
  }

  /** Removes a repository and everything recorded under it; blobs go with the next collection. */
  deleteRepository(tx: Tx, repo: string): void {
    for (const kind of [KIND.image, KIND.tag, KIND.layer]) {
      for (const r of tx.list(kind, { prefix: childPrefix(repo) })) tx.delete(kind, r.id);
    }
    tx.delete(KIND.repository, repo);
  }

  /** Images whose subject is this digest, optionally of one artifact type. */
  referrers(tx: ReadTx, repo: string, subject: string, artifactType?: string): ImageDoc[] {
    return this.images(tx, repo).filter((i) => i.subject === subject && (!artifactType || i.artifactType === artifactType));
  }

  /** Notes a pull; written at most once a minute per image (AWS itself only refreshes daily). */
  recordPull(repo: string, digest: string): void {
    const now = this.clock.now();
    this.store.transact((tx) => {
      const rec = tx.get<ImageDoc>(KIND.image, imageId(repo, digest));
      if (!rec) return;
      if (rec.doc.lastPulledAt && now.getTime() - Date.parse(rec.doc.lastPulledAt) < 60_000) return;
      tx.put(KIND.image, imageId(repo, digest), { ...rec.doc, lastPulledAt: now.toISOString() });
    });
  }
}
