import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseContentRange, parseRange, uploadedRange } from './range.js';

describe('Range (blob GET)', () => {
  it('reads first-last, open-ended and suffix forms', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=50-500', 100), { start: 50, end: 99 });
  });
  it('ignores what it cannot read and reports unsatisfiable ranges', () => {
    assert.equal(parseRange(undefined, 100), undefined);
    assert.equal(parseRange('bytes=1-2,5-6', 100), undefined);
    assert.equal(parseRange('items=1-2', 100), undefined);
    assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
    assert.equal(parseRange('bytes=5-2', 100), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 100), 'unsatisfiable');
  });
});

describe('Content-Range (upload PATCH)', () => {
  it('reads the spec form and the bytes-prefixed forms clients send', () => {
    assert.deepEqual(parseContentRange('0-99'), { start: 0, end: 99 });
    assert.deepEqual(parseContentRange('bytes 100-199/*'), { start: 100, end: 199 });
    assert.deepEqual(parseContentRange('bytes=5-5'), { start: 5, end: 5 });
  });
  it('rejects malformed and backwards ranges', () => {
    assert.equal(parseContentRange('abc'), undefined);
    assert.equal(parseContentRange('9-3'), undefined);
    assert.equal(parseContentRange(undefined), undefined);
  });
  it('replies 0-<end>, 0-0 when empty', () => {
    assert.equal(uploadedRange(100), '0-99');
    assert.equal(uploadedRange(0), '0-0');
  });
});
