import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as der from './der.js';

describe('DER', () => {
  it('encodes lengths, integers, OIDs, named bits and times as X.690 requires', () => {
    assert.equal(der.tlv(0x04, Buffer.alloc(200)).subarray(0, 3).toString('hex'), '0481c8');
    assert.equal(der.unsignedInteger(Buffer.from([0x00, 0x00, 0x80])).toString('hex'), '02020080');
    assert.equal(der.smallInteger(2).toString('hex'), '020102');
    assert.equal(der.oid('1.2.840.113549.1.1.11').toString('hex'), '06092a864886f70d01010b');
    // digitalSignature and keyEncipherment: bits 0 and 2, five unused bits.
    assert.equal(der.namedBits([0, 2]).toString('hex'), '030205a0');
    assert.equal(der.namedBits([0, 8]).toString('hex'), '0303078080');
    assert.equal(der.time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2), '491231235959Z');
    assert.equal(der.time(new Date('2050-01-01T00:00:00Z')).toString('latin1').slice(2), '20500101000000Z');
  });

  it('reads back what it writes', () => {
    const encoded = der.sequence(der.oid('2.5.29.15'), der.boolean(true), der.octetString(der.namedBits([0, 5, 6])));
    const [type, critical, value] = der.childrenOf(der.readNode(encoded));
    assert.equal(der.oidText(type.body), '2.5.29.15');
    assert.equal(critical.body[0], 0xff);
    assert.deepEqual(der.setBits(der.readNode(value.body).body), [0, 5, 6]);
    assert.throws(() => der.readNode(encoded.subarray(0, 5)), /truncated/);
  });
});
