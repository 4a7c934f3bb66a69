import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventId, filterToken, parseFilterToken, parseStreamToken, placeBefore, streamToken } from './tokens.js';

describe('tokens and event ids', () => {
  it('stream tokens have AWS shape and round-trip their place', () => {
    const token = streamToken('f', { timestamp: 1_767_225_600_123, id: 42 });
    assert.equal(token, 'f/00000001767225600123000000000000000000000000000000000042/s');
    assert.deepEqual(parseStreamToken(token), { direction: 'f', place: { timestamp: 1_767_225_600_123, id: 42 } });
    assert.deepEqual(parseStreamToken(streamToken('b', placeBefore({ timestamp: 5, id: 1 }))), { direction: 'b', place: { timestamp: 5, id: 0 } });
  });

  it('anything else is not a stream token', () => {
    for (const bad of ['', 'f//s', 'x/00000000000000000000000000000000000000000000000000000000/s', `f/${'9'.repeat(56)}/s`, 'f/0000000000000000000000000000000000000000000000000000000/s']) {
      assert.equal(parseStreamToken(bad), undefined, bad);
    }
  });

  it('event ids are 56 digits that order as their events do', () => {
    const a = eventId({ timestamp: 10, id: 99 });
    const b = eventId({ timestamp: 11, id: 1 });
    assert.match(a, /^\d{56}$/);
    assert.ok(a < b);
  });

  it('filter tokens are opaque and round-trip; others are refused', () => {
    assert.deepEqual(parseFilterToken(filterToken({ timestamp: 7, id: 3 })), { timestamp: 7, id: 3 });
    assert.deepEqual(parseFilterToken(filterToken({ timestamp: -1, id: -1 })), { timestamp: -1, id: -1 });
    for (const bad of ['', 'abc', Buffer.from(JSON.stringify({ k: '1/2/3' })).toString('base64url'), Buffer.from(JSON.stringify({ k: '/' })).toString('base64url')]) {
      assert.equal(parseFilterToken(bad), undefined, bad);
    }
  });
});
