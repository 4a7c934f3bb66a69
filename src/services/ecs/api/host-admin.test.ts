import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipv4Of, parseAttributes } from './host-admin.js';
import { AdminError } from '../../../platform/admin-socket.js';

test('a host\'s address becomes the IPv4 address the load balancer uses', async () => {
  assert.equal(await ipv4Of('10.0.0.5'), '10.0.0.5');
  assert.equal(await ipv4Of('localhost'), '127.0.0.1');
});

test('operator attributes follow AWS\'s rules and may not claim ecs.* names', () => {
  assert.deepEqual(parseAttributes(['stack=prod', 'gpu']), [{ name: 'stack', value: 'prod' }, { name: 'gpu' }]);
  for (const bad of [['ecs.capability.task-eni'], ['a b=c'], ['x=a#b'], Array.from({ length: 11 }, (_, i) => `a${i}`)]) {
    assert.throws(() => parseAttributes(bad), AdminError, JSON.stringify(bad));
  }
});
