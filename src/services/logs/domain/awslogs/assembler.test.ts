import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventAssembler, MAX_EVENT_BYTES, Shipment, splitMessage } from './assembler.js';
import { readAwslogsOptions } from './options.js';

const time = (ms: number) => new Date(Date.parse('2026-03-01T12:00:00Z') + ms).toISOString().replace('Z', '000000Z');
const T = (ms: number) => Date.parse('2026-03-01T12:00:00Z') + ms;
const feed = (a: EventAssembler, lines: [number, string][]): Shipment[] => lines.flatMap(([ms, text]) => a.push({ time: time(ms), text }));
const messages = (shipments: Shipment[]) => shipments.flatMap((s) => s.events.map((e) => e.message));

describe('awslogs event assembly', () => {
  it('one event per line, stamped in milliseconds; an empty line uses up its place without an event', () => {
    const out = feed(new EventAssembler(), [[1, 'first'], [2, ''], [3, 'third']]);
    assert.deepEqual(out, [
      { events: [{ timestamp: T(1), message: 'first' }], lines: [time(1)] },
      { events: [], lines: [time(2)] },
      { events: [{ timestamp: T(3), message: 'third' }], lines: [time(3)] },
    ]);
  });

  it('multi-line: a matching line starts an event, the others join it with newlines; the first line stamps it', () => {
    const a = new EventAssembler(readAwslogsOptions({ 'awslogs-group': 'g', 'awslogs-multiline-pattern': '^\\[' }).multiline);
    const done = feed(a, [[1, '[INFO] start'], [2, '[ERROR] boom'], [3, '  at frame 1'], [4, '  at frame 2'], [5, '[INFO] next']]);
    assert.deepEqual(messages(done), ['[INFO] start\n', '[ERROR] boom\n  at frame 1\n  at frame 2\n']);
    assert.deepEqual(done[1].lines, [time(2), time(3), time(4)]);
    assert.equal(done[1].events[0].timestamp, T(2));
    assert.deepEqual(a.flushOlderThan(T(4)), [], 'the last event waits for its end, not yet old enough');
    assert.deepEqual(messages(a.flushOlderThan(T(5))), ['[INFO] next\n']);
    assert.deepEqual(a.flush(), [], 'nothing left open');
  });

  it('multi-line with a datetime format (Docker\'s strftime table), literal text escaped', () => {
    const { multiline } = readAwslogsOptions({ 'awslogs-group': 'g', 'awslogs-datetime-format': '%Y-%m-%d %H:%M:%S.' });
    const a = new EventAssembler(multiline);
    const done = [...feed(a, [[1, '2026-03-01 12:00:00. started'], [2, 'Traceback:'], [3, '2026-03-01 12:00:01. next'], [4, '2026-03-01 12:00:01x no']]), ...a.flush()];
    assert.deepEqual(messages(done), ['2026-03-01 12:00:00. started\nTraceback:\n', '2026-03-01 12:00:01. next\n2026-03-01 12:00:01x no\n']);
  });

  it('splits what exceeds an event at character boundaries, and closes an open event that would overflow', () => {
    const long = `${'é'.repeat(MAX_EVENT_BYTES / 2)}tail`;
    const pieces = splitMessage(long);
    assert.deepEqual(pieces.map((p) => Buffer.byteLength(p)), [MAX_EVENT_BYTES, 4]);
    assert.equal(pieces.join(''), long);
    const a = new EventAssembler(/^start/);
    const done = [...feed(a, [[1, 'start'], [2, 'x'.repeat(MAX_EVENT_BYTES - 3)]]), ...a.flush()];
    assert.deepEqual(done.map((s) => s.events.map((e) => Buffer.byteLength(e.message))), [[6], [MAX_EVENT_BYTES - 2]]);
  });
});

describe('awslogs options', () => {
  it('reads the driver\'s options and the agent\'s stream prefix', () => {
    const c = readAwslogsOptions({ 'awslogs-group': '/ecs/web', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'ecs', 'awslogs-create-group': 'True', 'awslogs-force-flush-interval-seconds': '2' });
    assert.deepEqual(c, { group: '/ecs/web', region: 'eu-west-1', streamPrefix: 'ecs', createGroup: true, createStream: true, flushIntervalMs: 2000 });
  });

  const refused: [Record<string, string>, string][] = [
    [{}, "must specify a value for log opt 'awslogs-group'"],
    [{ 'awslogs-group': 'g', 'awslogs-create-group': 'yes' }, `must specify valid value for log opt 'awslogs-create-group': strconv.ParseBool: parsing "yes": invalid syntax`],
    [{ 'awslogs-group': 'g', 'awslogs-datetime-format': '%Y', 'awslogs-multiline-pattern': 'x' }, "you cannot configure log opt 'awslogs-datetime-format' and 'awslogs-multiline-pattern' at the same time"],
    [{ 'awslogs-group': 'g', 'awslogs-multiline-pattern': '(' }, 'awslogs could not parse multiline pattern key "(": error parsing regexp: missing closing ): `(`'],
    [{ 'awslogs-group': 'g', 'awslogs-multiline-pattern': '^(?=INFO)' }, 'awslogs could not parse multiline pattern key "^(?=INFO)": error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    [{ 'awslogs-group': 'g', 'awslogs-multiline-pattern': '(x{1000}){10}' }, 'awslogs could not parse multiline pattern key "(x{1000}){10}": error parsing regexp: expression too large: `(x{1000}){10}`'],
    [{ 'awslogs-group': 'g', 'awslogs-force-flush-interval-seconds': '0' }, "must specify a positive integer for log opt 'awslogs-force-flush-interval-seconds': 0"],
    [{ 'awslogs-group': 'g', 'awslogs-colour': 'x' }, "unknown log opt 'awslogs-colour' for awslogs log driver"],
  ];
  for (const [options, message] of refused) {
    it(`refuses ${JSON.stringify(options)}`, () => assert.throws(() => readAwslogsOptions(options), { message }));
  }
});

describe('awslogs multi-line patterns from callers', () => {
  const starts: [pattern: string, line: string, starts: boolean][] = [
    ['(?i)^error', 'ERROR: boom', true],
    ['(?i)^error', '  at frame', false],
    ['^[[:digit:]]{4}-', '2024-01-31 start', true],
    ['\\bWARN\\b', 'a WARNING', false],
    ['^\\S', '\tat frame', false],
  ];
  for (const [pattern, line, expected] of starts) {
    it(`${pattern} ${expected ? 'starts' : 'continues'} with ${JSON.stringify(line)}`, () => {
      assert.equal(readAwslogsOptions({ 'awslogs-group': 'g', 'awslogs-multiline-pattern': pattern }).multiline!.test(line), expected);
    });
  }

  it('stays linear per line whatever the pattern (16 KiB lines, the engine\'s chunk)', () => {
    const line = 'a'.repeat(16_384);
    const t0 = Date.now();
    for (const pattern of ['(a*)*b', '(a|aa)*c', `${'a{0,16}'.repeat(60)}b`, '(.*a){50}b']) {
      assert.equal(readAwslogsOptions({ 'awslogs-group': 'g', 'awslogs-multiline-pattern': pattern }).multiline!.test(line), false);
    }
    const ms = Date.now() - t0;
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});
