import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FrameReader, parseLogMessage, sinceParameter, TtyReader } from './log-stream.js';

const frame = (stream: 1 | 2, payload: string) => {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

describe('the engine log stream', () => {
  it('demultiplexes frames cut anywhere, one message per frame', () => {
    const body = Buffer.concat([
      frame(1, '2026-03-01T12:00:00.000000001Z hello\n'),
      frame(2, '2026-03-01T12:00:00.000000002Z oops: é\n'),
      frame(1, '2026-03-01T12:00:00.000000003Z split without newline'),
    ]);
    for (const cut of [1, 5, 8, 9, 40, body.length - 1]) {
      const reader = new FrameReader();
      const lines = [...reader.push(body.subarray(0, cut)), ...reader.push(body.subarray(cut)), ...reader.end()];
      assert.deepEqual(lines, [
        { stream: 'stdout', time: '2026-03-01T12:00:00.000000001Z', text: 'hello' },
        { stream: 'stderr', time: '2026-03-01T12:00:00.000000002Z', text: 'oops: é' },
        { stream: 'stdout', time: '2026-03-01T12:00:00.000000003Z', text: 'split without newline' },
      ], `cut at ${cut}`);
    }
  });

  it('reads a TTY container\'s raw lines, carriage returns dropped, a last line without newline kept', () => {
    const reader = new TtyReader();
    const lines = [
      ...reader.push(Buffer.from('2026-03-01T12:00:00.000000001Z a\r\n2026-03-01T12:00:00.0')),
      ...reader.push(Buffer.from('00000002Z  b\n2026-03-01T12:00:00.000000003Z c')),
      ...reader.end(),
    ];
    assert.deepEqual(lines.map((l) => [l.stream, l.text]), [['stdout', 'a'], ['stdout', ' b'], ['stdout', 'c']]);
  });

  it('keeps empty messages and drops what has no time', () => {
    assert.deepEqual(parseLogMessage('stdout', '2026-03-01T12:00:00.000000001Z \n'), { stream: 'stdout', time: '2026-03-01T12:00:00.000000001Z', text: '' });
    assert.equal(parseLogMessage('stdout', 'garbage'), undefined);
  });

  it('turns a line time into the engine\'s since parameter, to the nanosecond', () => {
    assert.equal(sinceParameter('2026-03-01T12:00:00.000000007Z'), '1772366400.000000007');
    assert.equal(sinceParameter('1970-01-01T00:00:01.5Z'), '1.500000000');
    assert.throws(() => sinceParameter('yesterday'), RangeError);
  });
});
