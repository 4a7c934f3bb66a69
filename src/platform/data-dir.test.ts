import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirError, secureDataDir } from './data-dir.js';

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('secureDataDir', () => {
  it('tightens a pre-existing world-readable dir, its files and its folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-dd-'));
    try {
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'state.db'), 'x', { mode: 0o644 });
      mkdirSync(join(dir, 'registry'), { mode: 0o755 });
      secureDataDir(dir);
      assert.equal(modeOf(dir), 0o700);
      assert.equal(modeOf(join(dir, 'state.db')), 0o600);
      assert.equal(modeOf(join(dir, 'registry')), 0o700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a missing dir as 0700', () => {
    const parent = mkdtempSync(join(tmpdir(), 'berth-dd-'));
    try {
      secureDataDir(join(parent, 'a', 'b'));
      assert.equal(modeOf(join(parent, 'a', 'b')), 0o700);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('refuses a dir owned by another user, and a path that is not a directory', () => {
    const parent = mkdtempSync(join(tmpdir(), 'berth-dd-'));
    try {
      const uid = statSync(parent).uid;
      assert.throws(() => secureDataDir(parent, uid + 1), (e: Error) => e instanceof DataDirError && /belongs to uid/.test(e.message));
      writeFileSync(join(parent, 'file'), '');
      symlinkSync(join(parent, 'file'), join(parent, 'link'));
      assert.throws(() => secureDataDir(join(parent, 'link')), DataDirError);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
