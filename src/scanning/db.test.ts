import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importVulnerabilityDb, openVulnerabilityDb } from './index.js';
import { storeZip } from './scan-test-support.js';

const FIXTURES = join(__dirname, '../../../test/fixtures/osv');

async function fixtureEntries(ecosystem: string): Promise<{ name: string; data: Buffer }[]> {
  const dir = join(FIXTURES, ecosystem);
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (n) => ({ name: n, data: await readFile(join(dir, n)) })));
}

describe('importVulnerabilityDb / openVulnerabilityDb', () => {
  let dataDir: string;
  let work: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'berth-db-'));
    work = await mkdtemp(join(tmpdir(), 'berth-osv-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('is absent until something was imported', async () => {
    assert.equal(await openVulnerabilityDb(dataDir), undefined);
  });

  it('imports a directory nested per ecosystem', async () => {
    assert.deepEqual(await importVulnerabilityDb(dataDir, FIXTURES), { advisories: 15, ecosystems: ['Alpine', 'Debian', 'PyPI', 'npm'] });
    const db = (await openVulnerabilityDb(dataDir))!;
    assert.deepEqual(db.ecosystems, ['Alpine', 'Debian', 'PyPI', 'npm']);
    assert.equal(db.sourceUpdatedAt.toISOString(), '2026-10-22T00:00:00.000Z');
    const openssl = await db.affecting('Debian', 'openssl');
    assert.deepEqual(openssl.map((m) => [m.advisory.id, m.affected.ecosystem]), [['BERTH-FIXTURE-0001', 'Debian:12'], ['BERTH-FIXTURE-0001', 'Debian:11']]);
    assert.deepEqual((await db.affecting('PyPI', 'PyYAML')).map((m) => m.advisory.name), ['CVE-2099-0020']);
    assert.deepEqual(await db.affecting('npm', 'no-such-package'), []);
  });

  it('imports a zip as osv.dev distributes them, and keeps other ecosystems on a later import', async () => {
    const debianZip = join(work, 'Debian-all.zip');
    await writeFile(debianZip, storeZip(await fixtureEntries('Debian')));
    assert.deepEqual(await importVulnerabilityDb(dataDir, debianZip), { advisories: 5, ecosystems: ['Debian'] });
    const npmZip = join(work, 'npm-all.zip');
    await writeFile(npmZip, storeZip([...(await fixtureEntries('npm')), { name: 'README.txt', data: Buffer.from('not json') }]));
    assert.deepEqual(await importVulnerabilityDb(dataDir, npmZip), { advisories: 4, ecosystems: ['npm'] });
    const db = (await openVulnerabilityDb(dataDir))!;
    assert.deepEqual(db.ecosystems, ['Debian', 'npm']);
    assert.equal((await db.affecting('Debian', 'bash')).length, 1);
    assert.equal((await db.affecting('npm', 'minimist')).length, 1);
  });

  it('skips withdrawn advisories, unsupported ecosystems and non-OSV JSON', async () => {
    const record = (id: string, ecosystem: string, extra: object = {}) => JSON.stringify({
      id, modified: '2026-01-01T00:00:00Z', affected: [{ package: { ecosystem, name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }], ...extra,
    });
    await writeFile(join(work, 'a.json'), record('A-1', 'npm'));
    await writeFile(join(work, 'b.json'), record('B-1', 'npm', { withdrawn: '2026-02-01T00:00:00Z' }));
    await writeFile(join(work, 'c.json'), record('C-1', 'crates.io'));
    await writeFile(join(work, 'd.json'), JSON.stringify({ hello: 'world' }));
    assert.deepEqual(await importVulnerabilityDb(dataDir, work), { advisories: 1, ecosystems: ['npm'] });
  });

  it('rejects a file that is not JSON, naming it', async () => {
    await writeFile(join(work, 'broken.json'), '{');
    await assert.rejects(importVulnerabilityDb(dataDir, work), /broken\.json: not valid JSON/);
  });

  it('stores one file per ecosystem plus meta.json', async () => {
    await importVulnerabilityDb(dataDir, FIXTURES);
    assert.deepEqual((await readdir(join(dataDir, 'scan-db'))).sort(), ['Alpine.json', 'Debian.json', 'PyPI.json', 'meta.json', 'npm.json']);
  });
});
