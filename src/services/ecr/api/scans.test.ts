/** Image scans and the daily quota: scans a stop interrupted are resumed on start, uncharged. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '../../../platform/log.js';
import { ImageDoc, imageId, KIND, privateRepoId } from '../domain/records.js';
import { importVulnerabilityDb } from '../../../scanning/index.js';
import { tarball } from '../../../scanning/scan-test-support.js';
import { ACCOUNT, ecrHarness } from './ecr-test-support.js';
import { makeScanOps, Scanner } from './scans.js';

const ADVISORY = {
  id: 'CVE-2099-0001', modified: '2026-01-01T00:00:00Z',
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.9-1' }] }] }],
};
const REPO = privateRepoId('us-east-1', ACCOUNT, 'scan/app');

async function debianLayer(): Promise<Buffer> {
  return gzipSync(await tarball([
    { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
    { name: 'var/lib/dpkg/status', content: 'Package: openssl\nStatus: install ok installed\nVersion: 3.0.0-1\n\n' },
  ]));
}

describe('image scans across restarts', () => {
  let scanner!: Scanner;
  const h = ecrHarness((deps, dir) => {
    scanner = new Scanner(deps, dir, silentLogger);
    return makeScanOps(deps, scanner);
  });
  let digest: string;
  const image = () => h.deps.store.get<ImageDoc>(KIND.image, imageId(REPO, digest))!.doc;
  const start = () => h.call('StartImageScan', { repositoryName: 'scan/app', imageId: { imageTag: 'v1' } });

  before(async () => {
    mkdirSync(join(h.dir, 'osv'));
    writeFileSync(join(h.dir, 'osv', 'advisory.json'), JSON.stringify(ADVISORY));
    await importVulnerabilityDb(h.dir, join(h.dir, 'osv'));
    await h.call('CreateRepository', { repositoryName: 'scan/app' });
    digest = await h.pushImage(REPO, 'v1', await debianLayer());
  });
  after(() => h.cleanup());

  it('resumes a scan left IN_PROGRESS, and the interrupted scan does not hold the quota', async () => {
    // What a stop mid-scan leaves behind: the charged IN_PROGRESS record.
    h.deps.store.transact((tx) => tx.put(KIND.image, imageId(REPO, digest), { ...image(), scan: { status: 'IN_PROGRESS', startedAt: h.clock.now().toISOString() } }));
    await assert.rejects(start(), { code: 'LimitExceededException' });
    const resumed = scanner.resumeInterrupted();
    assert.deepEqual(image().scan, { status: 'IN_PROGRESS' }, 'no longer charged while it runs again');
    await resumed;
    assert.equal(image().scan!.status, 'COMPLETE');
    assert.deepEqual(image().scan!.findingSeverityCounts, { UNDEFINED: 1 });
    assert.equal((await start()).imageScanStatus?.status, 'IN_PROGRESS', 'StartImageScan is allowed again');
  });

  it('charges a requested scan until a day has passed', async () => {
    await waitFor(() => image().scan!.status === 'COMPLETE');
    assert.ok(image().scan!.startedAt, 'the completed scan keeps its charge');
    await assert.rejects(start(), { code: 'LimitExceededException' });
    h.clock.advance(24 * 3600_000);
    assert.equal((await start()).imageScanStatus?.status, 'IN_PROGRESS');
    await waitFor(() => image().scan!.status === 'COMPLETE');
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), 'timed out');
}
