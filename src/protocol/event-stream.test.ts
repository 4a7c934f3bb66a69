import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { encodeMessage, errorMessage, eventMessage, exceptionMessage, MAX_MESSAGE_BYTES } from './event-stream.js';

const codec = new EventStreamCodec((b: Uint8Array | string) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8')), (s: string) => Buffer.from(s, 'utf8'));

/** The SDK's decoder checks both CRCs and the lengths: our frames must pass it. */
const decode = (frame: Buffer) => {
  const m = codec.decode(frame);
  return { headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v.value instanceof Date ? v.value.getTime() : v.value])), payload: Buffer.from(m.body).toString('utf8') };
};

describe('event stream encoding', () => {
  it('frames an empty message as AWS\'s test vector does', () => {
    assert.equal(encodeMessage({ headers: {}, payload: Buffer.alloc(0) }).toString('hex'), '000000100000000005c248eb7d98c8ff');
  });

  const table: [string, Buffer, Record<string, unknown>, string][] = [
    ['an event', eventMessage('sessionUpdate', Buffer.from('{"a":1}')), { ':message-type': 'event', ':event-type': 'sessionUpdate', ':content-type': 'application/json' }, '{"a":1}'],
    ['an exception', exceptionMessage('SessionTimeoutException', Buffer.from('{"message":"x"}')), { ':message-type': 'exception', ':exception-type': 'SessionTimeoutException', ':content-type': 'application/json' }, '{"message":"x"}'],
    ['an error', errorMessage('InternalFailure', 'boom'), { ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'boom' }, ''],
    ['booleans, timestamps, UTF-8', encodeMessage({ headers: { yes: true, no: false, at: new Date(1700000000123), 'ünï': 'çödé' }, payload: Buffer.from('ü') }), { yes: true, no: false, at: 1700000000123, 'ünï': 'çödé' }, 'ü'],
  ];
  for (const [name, frame, headers, payload] of table) {
    it(`${name} decodes with the SDK's codec, CRCs checked`, () => {
      assert.deepEqual(decode(frame), { headers, payload });
      assert.equal(frame.readUInt32BE(0), frame.length);
    });
  }

  it('a flipped bit fails the message CRC', () => {
    const frame = eventMessage('sessionStart', Buffer.from('{}'));
    frame[frame.length - 6] ^= 1;
    assert.throws(() => codec.decode(frame), /checksum/i);
  });

  it('refuses what AWS would: long header names and values, oversized messages', () => {
    assert.throws(() => encodeMessage({ headers: { ['n'.repeat(256)]: 'x' }, payload: Buffer.alloc(0) }), RangeError);
    assert.throws(() => encodeMessage({ headers: { n: 'v'.repeat(0x8000) }, payload: Buffer.alloc(0) }), RangeError);
    assert.throws(() => encodeMessage({ headers: {}, payload: Buffer.alloc(MAX_MESSAGE_BYTES) }), RangeError);
  });
});
