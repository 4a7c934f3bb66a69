import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onPullRegistry } from './task-start.js';

test('Berth\'s images are pulled through a remote host\'s registry address', () => {
  const resolved = { ref: 'localhost:4566/web/app:v1', auth: { username: 'AWS', password: 'p', serverAddress: 'localhost:4566' } };
  assert.deepEqual(onPullRegistry(resolved, undefined), resolved, 'the local engine pulls from loopback');
  assert.deepEqual(onPullRegistry(resolved, '10.203.0.1:4566'), {
    ref: '10.203.0.1:4566/web/app:v1', auth: { username: 'AWS', password: 'p', serverAddress: '10.203.0.1:4566' },
  });
  assert.throws(() => onPullRegistry(resolved, null), /not reachable from this host/);
});
