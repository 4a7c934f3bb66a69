import { after, beforeEach, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock, systemClock } from '../../../platform/clock.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { BlobStore } from './blob-store.js';
import { sha256Digest } from './digest.js';
import { collectGarbage } from './gc.js';
import { MEDIA } from './manifest.js';
import { KIND, privateRepoId, RepositoryDoc } from './records.js';
import { Registry } from './registry.js';
import { Uploads } from './uploads.js';

const dirs: string[] = [];
const REPO = privateRepoId('us-east-1', '000000000000', 'team/web');

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  dirs.push(dir);
  const store = new MemoryStore();
  const blobs = new BlobStore(dir);
  const registry = new Registry(store, blobs, systemClock);
  const uploads = new Uploads(store, blobs, registry, systemClock);
  const doc: RepositoryDoc = {
    ns: 'private', repositoryName: 'team/web', registryId: '000000000000', region: 'us-east-1', createdAt: new Date().toISOString(),
    imageTagMutability: 'MUTABLE', imageScanningConfiguration: { scanOnPush: false }, encryptionConfiguration: { encryptionType: 'AES256' }, tags: [],
  };
  store.transact((tx) => tx.put(KIND.repository, REPO, doc));
  return { dir, store, blobs, registry, uploads };
}

async function push(s: ReturnType<typeof setup>, content: string, repo = REPO): Promise<string> {
  const u = await s.uploads.create(repo);
  await s.uploads.append(u.id, Readable.from([Buffer.from(content)]));
  return (await s.uploads.complete(u.id, sha256Digest(content))).digest;
}

function manifest(config: string, layers: string[]): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: MEDIA.ociManifest,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256Digest(l), size: l.length })),
  }));
}

/** Ages every blob file so the grace period no longer protects it. */
function ageBlobs(blobs: BlobStore): void {
  const old = new Date(Date.now() - 2 * 3600_000);
  for (const alg of readdirSync(blobs.blobsDir)) for (const p of readdirSync(join(blobs.blobsDir, alg))) {
    for (const f of readdirSync(join(blobs.blobsDir, alg, p))) utimesSync(join(blobs.blobsDir, alg, p, f), old, old);
  }
}

after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('uploads', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => (s = setup()));

  it('publishes a verified blob under its digest and links it to the repository', async () => {
    const digest = await push(s, 'layer-a');
    assert.equal(s.blobs.sizeSync(digest), 7);
    assert.equal(s.registry.blobSize(s.store, REPO, digest), 7);
    assert.equal(readdirSync(s.blobs.uploadsDir).length, 0);
  });

  it('stores nothing when the digest does not match', async () => {
    const u = await s.uploads.create(REPO);
    await s.uploads.append(u.id, Readable.from([Buffer.from('abc')]));
    await assert.rejects(s.uploads.complete(u.id, sha256Digest('xyz')), { code: 'DIGEST_INVALID' });
    assert.equal(s.blobs.sizeSync(sha256Digest('abc')), undefined);
    assert.equal(s.blobs.sizeSync(sha256Digest('xyz')), undefined);
    assert.equal(s.store.get(KIND.upload, u.id), undefined);
    assert.equal(readdirSync(s.blobs.uploadsDir).length, 0);
  });

  it('refuses out-of-order chunks and survives a restart mid-upload', async () => {
    const u = await s.uploads.create(REPO);
    await s.uploads.append(u.id, Readable.from([Buffer.from('hello ')]), 0, 6);
    await assert.rejects(s.uploads.append(u.id, Readable.from([Buffer.from('x')]), 3, 1), { code: 'RANGE_INVALID' });
    const restarted = new Uploads(s.store, s.blobs, s.registry, systemClock);
    await restarted.append(u.id, Readable.from([Buffer.from('world')]), 6, 5);
    assert.equal((await restarted.complete(u.id, sha256Digest('hello world'))).size, 11);
  });

  it('verifies a sha512 digest too', async () => {
    const u = await s.uploads.create(REPO);
    await s.uploads.append(u.id, Readable.from([Buffer.from('sha512 content')]));
    const digest = `sha512:${createHash('sha512').update('sha512 content').digest('hex')}`;
    assert.equal((await s.uploads.complete(u.id, digest)).digest, digest);
    assert.equal(s.blobs.sizeSync(digest), 14);
  });

  it('expires abandoned sessions with their data', async () => {
    const clock = new ManualClock();
    const uploads = new Uploads(s.store, s.blobs, s.registry, clock);
    const u = await uploads.create(REPO);
    clock.advance(1000);
    assert.equal(await uploads.expire(1000), 0);
    clock.advance(1);
    assert.equal(await uploads.expire(1000), 1);
    assert.ok(!existsSync(s.blobs.uploadPath(u.id)));
  });
});

describe('manifests and immutability', () => {
  it('requires the blobs, rejects moving an immutable tag, allows re-pushing the same image', async () => {
    const s = setup();
    await assert.rejects(s.registry.putManifest(REPO, 'v1', manifest('cfg', ['l1']), undefined), { code: 'MANIFEST_BLOB_UNKNOWN' });
    await push(s, 'cfg');
    await push(s, 'l1');
    await push(s, 'l2');
    const first = await s.registry.putManifest(REPO, 'v1', manifest('cfg', ['l1']), undefined);
    assert.equal(first.image.imageSizeInBytes, 5);
    s.store.transact((tx) => tx.put(KIND.repository, REPO, { ...s.registry.repository(tx, REPO)!, imageTagMutability: 'IMMUTABLE' }));
    assert.equal((await s.registry.putManifest(REPO, 'v1', manifest('cfg', ['l1']), undefined)).created, false);
    await assert.rejects(s.registry.putManifest(REPO, 'v1', manifest('cfg', ['l2']), undefined), { code: 'TAG_INVALID' });
  });

  it('accepts only blobs linked to the repository, not blobs another repository holds', async () => {
    const s = setup();
    const priv = privateRepoId('us-east-1', '000000000000', 'team/priv');
    s.store.transact((tx) => tx.put(KIND.repository, priv, { ...s.registry.repository(tx, REPO)!, repositoryName: 'team/priv' }));
    await push(s, 'cfg', priv);
    await push(s, 'l1', priv);
    const m = manifest('cfg', ['l1']);
    await assert.rejects(s.registry.putManifest(REPO, 'v1', m, undefined), { code: 'MANIFEST_BLOB_UNKNOWN', detail: { digest: sha256Digest('cfg') } });
    await push(s, 'cfg');
    await assert.rejects(s.registry.putManifest(REPO, 'v1', m, undefined), { code: 'MANIFEST_BLOB_UNKNOWN', detail: { digest: sha256Digest('l1') } });
    assert.equal(s.registry.blobSize(s.store, REPO, sha256Digest('l1')), undefined, 'the refused manifest linked nothing');
    await push(s, 'l1');
    assert.equal((await s.registry.putManifest(REPO, 'v1', m, undefined)).created, true);
  });
});

describe('garbage collection', () => {
  it('frees unreferenced blobs once their grace period is over, keeps referenced and young ones', async () => {
    const s = setup();
    for (const c of ['cfg', 'l1', 'orphan']) await push(s, c);
    await s.registry.putManifest(REPO, 'v1', manifest('cfg', ['l1']), undefined);
    const opts = { blobGraceMs: 3600_000, linkGraceMs: 0, uploadMaxAgeMs: 3600_000 };
    let r = await collectGarbage(s.store, s.blobs, s.uploads, systemClock, opts);
    assert.equal(r.removedBlobs, 0, 'young blobs are kept');
    assert.equal(r.removedLinks, 1, 'the orphan link is dropped');
    ageBlobs(s.blobs);
    r = await collectGarbage(s.store, s.blobs, s.uploads, systemClock, opts);
    assert.equal(r.removedBlobs, 1);
    assert.equal(s.blobs.sizeSync(sha256Digest('orphan')), undefined);
    assert.ok(s.blobs.sizeSync(sha256Digest('l1')) !== undefined);
  });

  it('never frees a blob a push just linked, even an old file shared with a deleted image', async () => {
    const s = setup();
    for (const c of ['cfg', 'l1']) await push(s, c);
    const { digest } = await s.registry.putManifest(REPO, 'v1', manifest('cfg', ['l1']), undefined);
    s.store.transact((tx) => s.registry.deleteImage(tx, REPO, digest));
    ageBlobs(s.blobs);
    await push(s, 'l1'); // a new push of the same layer re-links it
    await collectGarbage(s.store, s.blobs, s.uploads, systemClock, { blobGraceMs: 0, linkGraceMs: 3600_000, uploadMaxAgeMs: 3600_000 });
    assert.ok(s.blobs.sizeSync(sha256Digest('l1')) !== undefined);
  });
});
