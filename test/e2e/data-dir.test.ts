/** A data dir that already existed with loose permissions is made private when Berth starts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBerthProcess } from '../support/berth-process.js';

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('data dir permissions', () => {
  it('a 0755 data dir from an earlier run becomes 0700, and everything Berth writes in it is private', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
    const first = await startBerthProcess({ dataDir });
    await first.stop();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'state.db'), 0o644);
    const berth = await startBerthProcess({ dataDir });
    try {
      await berth.ecs().send(new (await import('@aws-sdk/client-ecs')).CreateClusterCommand({ clusterName: 'perm' }));
      assert.equal(modeOf(dataDir), 0o700);
      for (const name of readdirSync(dataDir)) {
        const mode = modeOf(join(dataDir, name));
        assert.equal(mode & 0o077, 0, `${name} is ${mode.toString(8)}`);
      }
    } finally {
      await berth.destroy();
    }
  });
});
