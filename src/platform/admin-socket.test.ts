import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminError, callAdmin, startAdminSocket } from './admin-socket.js';
import { silentLogger } from './log.js';

test('commands answer JSON; operator errors come back as their message, others hidden', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'admin-')), 'admin.sock');
  writeFileSync(path, ''); // a stale socket file from a killed Berth
  const server = await startAdminSocket(path, {
    echo: async (args) => ({ got: args }),
    refuse: async () => { throw new AdminError('no such cluster'); },
    crash: async () => { throw new Error('secret detail'); },
  }, silentLogger);
  try {
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(await callAdmin(path, 'echo', { a: 1 }), { got: { a: 1 } });
    await assert.rejects(callAdmin(path, 'refuse', {}), { message: 'no such cluster' });
    await assert.rejects(callAdmin(path, 'crash', {}), (e: Error) => !e.message.includes('secret'));
    await assert.rejects(callAdmin(path, 'toString', {}), { message: 'unknown command toString' });
    await assert.rejects(startAdminSocket(path, {}, silentLogger), /another Berth/);
  } finally {
    await server.close();
  }
  await assert.rejects(callAdmin(join(tmpdir(), 'no-berth-here.sock'), 'echo', {}), /no Berth is running/);
  await assert.rejects(callAdmin(path, 'echo', {}), AdminError);
});
