import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../platform/log.js';
import { RuntimeError } from '../runtime/runtime.js';
import { OutageLog } from './outage-log.js';

describe('OutageLog', () => {
  it('logs an engine outage once per state change, however many keys fail how often', () => {
    const lines: string[] = [];
    const outage = new OutageLog(createLogger('info', (l) => lines.push(l)), 'task reconcile');
    const down = new RuntimeError('docker engine: connect ECONNREFUSED /var/run/docker.sock', 'Unavailable');
    for (let retry = 0; retry < 50; retry++) for (let task = 0; task < 100; task++) outage.failed(`task-${task}`, down);
    outage.succeeded();
    outage.succeeded();
    outage.failed('task-1', new RuntimeError('docker engine: inspect container timed out after 30 s', 'Timeout'));
    assert.deepEqual(lines.map((l) => l.split(' ')[1]), ['WARN', 'INFO', 'WARN']);
    assert.ok(lines.every((l) => !l.includes('at ')), 'no stack traces');
  });

  it('other failures are still logged each time with their key', () => {
    const lines: string[] = [];
    const outage = new OutageLog(createLogger('info', (l) => lines.push(l)), 'task reconcile');
    outage.failed('a', new Error('boom'));
    outage.failed('b', new RuntimeError('no such image', 'PullFailed'));
    assert.equal(lines.length, 2);
    assert.match(lines[0], /task reconcile failed; retrying key=a/);
  });
});
