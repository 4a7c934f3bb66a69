import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../platform/log.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { migrateRegionlessRepositories } from './migrate.js';
import { KIND, privateRepoId, RepositoryDoc } from './records.js';

const ACCOUNT = '000000000000';
const DIGEST = `sha256:${'a'.repeat(64)}`;

function repo(name: string, region: string): RepositoryDoc {
  return {
    ns: 'private', repositoryName: name, registryId: ACCOUNT, region, createdAt: '2026-01-01T00:00:00.000Z', imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false }, encryptionConfiguration: { encryptionType: 'AES256' }, tags: [{ Key: 'k', Value: 'v' }],
  };
}

/** A repository as the regionless layout stored it, with an image, a tag, a layer link, a preview and an upload. */
function seedRegionless(store: MemoryStore, name: string, region: string): string {
  const old = `private/${ACCOUNT}/${name}`;
  store.transact((tx) => {
    tx.put(KIND.repository, old, repo(name, region));
    tx.put(KIND.image, `${old}|${DIGEST}`, { digest: DIGEST, scan: { status: 'COMPLETE' } });
    tx.put(KIND.tag, `${old}|v1`, { tag: 'v1', digest: DIGEST });
    tx.put(KIND.layer, `${old}|${DIGEST}`, { digest: DIGEST });
    tx.put(KIND.lifecyclePreview, old, { status: 'COMPLETE' });
    tx.put(KIND.upload, `upload-${name}`, { id: `upload-${name}`, repo: old, startedAt: '2026-01-01T00:00:00.000Z' });
  });
  return old;
}

describe('migrating regionless repositories', () => {
  it('moves each repository and everything under it into the region it was created in', () => {
    const store = new MemoryStore(silentLogger);
    seedRegionless(store, 'team/web', 'us-east-1');
    // A name that looks like a region prefix: the regionless id cannot be mistaken for a new one.
    seedRegionless(store, 'us-west-2/app', 'eu-west-1');
    assert.deepEqual(migrateRegionlessRepositories(store), []);
    const web = privateRepoId('us-east-1', ACCOUNT, 'team/web');
    const odd = privateRepoId('eu-west-1', ACCOUNT, 'us-west-2/app');
    assert.deepEqual(store.list(KIND.repository).map((r) => r.id).sort(), [odd, web]);
    assert.deepEqual(store.get<RepositoryDoc>(KIND.repository, web)!.doc.tags, [{ Key: 'k', Value: 'v' }]);
    for (const id of [web, odd]) {
      assert.deepEqual(store.get(KIND.image, `${id}|${DIGEST}`)!.doc, { digest: DIGEST, scan: { status: 'COMPLETE' } });
      assert.ok(store.get(KIND.tag, `${id}|v1`));
      assert.ok(store.get(KIND.layer, `${id}|${DIGEST}`));
      assert.ok(store.get(KIND.lifecyclePreview, id));
    }
    assert.deepEqual(store.list<{ repo: string }>(KIND.upload).map((r) => r.doc.repo).sort(), [odd, web]);
    assert.equal(store.list(KIND.image).length, 2, 'nothing is left under the old ids');
  });

  it('does nothing the second time', () => {
    const store = new MemoryStore(silentLogger);
    seedRegionless(store, 'app', 'us-east-1');
    migrateRegionlessRepositories(store);
    const before = store.list(KIND.repository);
    assert.deepEqual(migrateRegionlessRepositories(store), []);
    assert.deepEqual(store.list(KIND.repository), before);
  });

  it('leaves a repository whose new id is taken where it is', () => {
    const store = new MemoryStore(silentLogger);
    const old = seedRegionless(store, 'app', 'us-east-1');
    store.transact((tx) => tx.put(KIND.repository, privateRepoId('us-east-1', ACCOUNT, 'app'), repo('app', 'us-east-1')));
    assert.deepEqual(migrateRegionlessRepositories(store), [old]);
    assert.ok(store.get(KIND.image, `${old}|${DIGEST}`));
  });
});
