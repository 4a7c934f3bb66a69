import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock } from '../../../platform/clock.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { BlobStore } from '../domain/blob-store.js';
import { sha256Digest } from '../domain/digest.js';
import { KIND, privateRepoId, RepositoryDoc } from '../domain/records.js';
import { Registry } from '../domain/registry.js';
import { Uploads } from '../domain/uploads.js';
import { applyLifecyclePolicies } from './lifecycle-ops.js';
import { EcrDeps } from '../domain/context.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-lifecycle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the periodic lifecycle run', () => {
  it('expires what the policy selects and records when it ran', async () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const store = new MemoryStore();
    const blobs = new BlobStore(dir);
    const registry = new Registry(store, blobs, clock);
    const uploads = new Uploads(store, blobs, registry, clock);
    const deps = { store, clock, registry, uploads, accountId: '000000000000' } as unknown as EcrDeps;
    const repo = privateRepoId('us-east-1', '000000000000', 'app');
    const policy = { rules: [{ rulePriority: 1, selection: { tagStatus: 'tagged', tagPrefixList: ['dev'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } }] };
    const doc: RepositoryDoc = {
      ns: 'private', repositoryName: 'app', registryId: '000000000000', region: 'us-east-1', createdAt: clock.now().toISOString(), imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false }, encryptionConfiguration: { encryptionType: 'AES256' }, tags: [], lifecyclePolicyText: JSON.stringify(policy),
    };
    store.transact((tx) => tx.put(KIND.repository, repo, doc));
    const config = '{}';
    const u = await uploads.create(repo);
    await uploads.append(u.id, Readable.from([Buffer.from(config)]));
    await uploads.complete(u.id, sha256Digest(config));
    const manifest = (n: number) => Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: 2 }, layers: [], annotations: { n: String(n) } }));
    await registry.putManifest(repo, 'dev-old', manifest(1), undefined);
    clock.advance(10 * 24 * 3600_000);
    await registry.putManifest(repo, 'dev-new', manifest(2), undefined);
    await registry.putManifest(repo, 'prod-old', manifest(3), undefined);
    assert.equal(applyLifecyclePolicies(deps, clock.now()), 1);
    assert.deepEqual(registry.tags(store, repo).map((t) => t.tag), ['dev-new', 'prod-old']);
    assert.equal(registry.repository(store, repo)!.lifecycleEvaluatedAt, clock.now().toISOString());
  });
});
