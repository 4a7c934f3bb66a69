import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openVulnerabilityDb } from '../scanning/index.js';
import { runBerthCli, UsageError } from './commands.js';

const FIXTURES = join(__dirname, '../../../test/fixtures/osv');

describe('berth scan-db import', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'berth-cli-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('imports into --data-dir and prints what it imported', async () => {
    const lines: string[] = [];
    const code = await runBerthCli(['scan-db', 'import', FIXTURES, '--data-dir', dir], {}, (l) => lines.push(l));
    assert.equal(code, 0);
    assert.deepEqual(lines, [`Imported 15 advisories (Alpine, Debian, PyPI, npm) from ${FIXTURES} into ${join(dir, 'scan-db')}`]);
    assert.ok(await openVulnerabilityDb(dir));
  });

  it('uses BERTH_DATA_DIR when no flag is given', async () => {
    const code = await runBerthCli(['scan-db', 'import', join(FIXTURES, 'npm')], { BERTH_DATA_DIR: dir }, () => undefined);
    assert.equal(code, 0);
    assert.deepEqual((await openVulnerabilityDb(dir))?.ecosystems, ['npm']);
  });

  it('says so, and fails, when the source holds no usable advisories', async () => {
    const source = join(dir, 'rust.json');
    await writeFile(source, JSON.stringify({ id: 'R-1', affected: [{ package: { ecosystem: 'crates.io', name: 'x' } }] }));
    const lines: string[] = [];
    const code = await runBerthCli(['scan-db', 'import', source, '--data-dir', dir], {}, (l) => lines.push(l));
    assert.equal(code, 1);
    assert.deepEqual(lines, [`No Debian, Alpine, npm or PyPI advisories found in ${source}; nothing imported.`]);
    assert.equal(await openVulnerabilityDb(dir), undefined);
  });

  it('rejects unknown commands and options', async () => {
    await assert.rejects(runBerthCli(['scan-db', 'export', 'x'], {}, () => undefined), UsageError);
    await assert.rejects(runBerthCli(['scan-db', 'import', 'x', '--force'], {}, () => undefined), UsageError);
  });

  it('runs as a program', () => {
    const bin = join(__dirname, 'berth.js');
    const ok = spawnSync(process.execPath, [bin, 'scan-db', 'import', FIXTURES, `--data-dir=${dir}`], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^Imported 15 advisories/);
    const bad = spawnSync(process.execPath, [bin, 'scan-db', 'import', join(dir, 'missing.zip'), `--data-dir=${dir}`], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^berth: ENOENT/);
  });
});
