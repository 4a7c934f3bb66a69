import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scriptOf } from './fake-script.js';

const script = (text: string, env: string[] = []) => scriptOf({ name: 'c', image: 'i', labels: {}, networkMode: 'bridge', command: ['sh', '-c', text], env });

describe('the fake shell', () => {
  it('interprets echo, sleep and exit, quotes and stderr', () => {
    assert.deepEqual(script('echo one; echo "two; three" >&2\nsleep 0.5; exit $CODE', ['CODE=7']), [
      { kind: 'echo', stream: 'stdout', text: 'one' },
      { kind: 'echo', stream: 'stderr', text: 'two; three' },
      { kind: 'sleep', seconds: 0.5 },
      { kind: 'exit', code: 7 },
    ]);
    assert.deepEqual(script('exit 300'), [{ kind: 'exit', code: 44 }]);
  });

  it('leaves anything else uninterpreted', () => {
    assert.equal(script('echo hi; httpd -f'), undefined);
    assert.equal(scriptOf({ name: 'c', image: 'i', labels: {}, networkMode: 'bridge', command: ['sleep', '600'] }), undefined);
  });
});
