import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CborError, decodeCbor, encodeCbor, halfFloat } from './cbor.js';

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('CBOR decoding (RFC 8949 appendix A)', () => {
  const table: Array<[string, unknown]> = [
    ['00', 0], ['01', 1], ['0a', 10], ['17', 23], ['1818', 24], ['1819', 25], ['1864', 100], ['1903e8', 1000],
    ['1a000f4240', 1000000], ['1b000000e8d4a51000', 1000000000000], ['1b001fffffffffffff', Number.MAX_SAFE_INTEGER],
    ['20', -1], ['29', -10], ['3863', -100], ['3903e7', -1000],
    ['f90000', 0], ['f93c00', 1], ['f93e00', 1.5], ['f97bff', 65504], ['fa47c35000', 100000], ['fa7f7fffff', 3.4028234663852886e38],
    ['fb3ff199999999999a', 1.1], ['fb7e37e43c8800759c', 1e300], ['f90001', 5.960464477539063e-8], ['f90400', 0.00006103515625],
    ['f9c400', -4], ['fbc010666666666666', -4.1], ['f97c00', Infinity], ['f9fc00', -Infinity], ['fa7f800000', Infinity],
    ['f4', false], ['f5', true], ['f6', null], ['f7', undefined],
    ['60', ''], ['6161', 'a'], ['6449455446', 'IETF'], ['62225c', '"\\'], ['62c3bc', 'ü'], ['63e6b0b4', '水'], ['64f0908591', '𐅑'],
    ['80', []], ['83010203', [1, 2, 3]], ['8301820203820405', [1, [2, 3], [4, 5]]],
    ['a0', {}], ['a26161016162820203', { a: 1, b: [2, 3] }], ['826161a161626163', ['a', { b: 'c' }]],
    ['7f657374726561646d696e67ff', 'streaming'], ['9fff', []], ['9f018202039f0405ffff', [1, [2, 3], [4, 5]]],
    ['bf61610161629f0203ffff', { a: 1, b: [2, 3] }], ['d9d9f7 01', 1],
  ];
  for (const [bytes, expected] of table) {
    it(`${bytes} → ${JSON.stringify(expected) ?? 'undefined'}`, () => {
      const got = decodeCbor(hex(bytes));
      if (expected === undefined) assert.equal(got, undefined);
      else assert.deepEqual(plain(got), plain(expected));
    });
  }

  it('reads NaN (half, single, double)', () => {
    for (const h of ['f97e00', 'fa7fc00000', 'fb7ff8000000000000']) assert.ok(Number.isNaN(decodeCbor(hex(h))));
  });

  it('reads byte strings, definite and in chunks', () => {
    assert.deepEqual(Buffer.from(decodeCbor(hex('4401020304')) as Uint8Array), Buffer.from([1, 2, 3, 4]));
    assert.deepEqual(Buffer.from(decodeCbor(hex('5f42010243030405ff')) as Uint8Array), Buffer.from([1, 2, 3, 4, 5]));
  });

  it('reads tag 1 as a Date, from an integer or a float', () => {
    assert.equal((decodeCbor(hex('c11a514b67b0')) as Date).toISOString(), '2013-03-21T20:04:00.000Z');
    assert.equal((decodeCbor(hex('c1fb41d452d9ec200000')) as Date).toISOString(), '2013-03-21T20:04:00.500Z');
  });

  it('half floats decode as the spec computes them', () => {
    assert.equal(halfFloat(0x3555), 0.333251953125);
    assert.ok(Object.is(halfFloat(0x8000), -0));
  });
});

describe('CBOR decoding refuses malformed and hostile input', () => {
  const table: Array<[string, string, RegExp]> = [
    ['empty input', '', /end of input/],
    ['truncated integer', '19 01', /end of input/],
    ['trailing bytes', '01 02', /1 bytes after/],
    ['a string longer than the input', '7a ffffffff 61', /end of input/],
    ['an array declaring 2^63 items', '9b 7fffffffffffffff 00', /array of/],
    ['a map declaring more entries than bytes', 'ba 00010000 6161 01', /map of/],
    ['reserved additional info', '1c', /reserved/],
    ['a lone break', 'ff', /unexpected break/],
    ['a break inside a definite array', '82 01 ff', /unexpected break/],
    ['an unterminated indefinite array', '9f 01 02', /end of input/],
    ['a nested chunk in an indefinite string', '7f 7f ff ff', /invalid chunk/],
    ['a chunk of another type', '5f 61 61 ff', /invalid chunk/],
    ['invalid UTF-8', '62 c3 28', /UTF-8/],
    ['an integer map key', 'a1 01 02', /map key/],
    ['an unknown tag', 'c2 41 01', /unsupported tag 2/],
    ['tag 1 over text', 'c1 61 61', /finite number/],
    ['tag 1 out of Date range', 'c1 fb 7fefffffffffffff', /out of range/],
    ['a simple value Smithy does not use', 'f0', /simple value/],
    ['a one-byte simple value', 'f8 20', /simple value/],
  ];
  for (const [what, bytes, message] of table) {
    it(what, () => assert.throws(() => decodeCbor(hex(bytes)), (e: unknown) => e instanceof CborError && message.test(e.message)));
  }

  it('stops at the nesting limit instead of overflowing the stack', () => {
    const deep = Buffer.concat([Buffer.alloc(100_000, 0x81), Buffer.from([0x00])]);
    assert.throws(() => decodeCbor(deep), /nested deeper than 64/);
    assert.deepEqual(decodeCbor(Buffer.concat([Buffer.alloc(10, 0x81), Buffer.from([0])]), { maxDepth: 10, maxItems: 100 }), [[[[[[[[[[0]]]]]]]]]]);
  });

  it('stops at the item limit', () => {
    const many = Buffer.concat([hex('9a000186a1'), Buffer.alloc(100_001, 0)]);
    assert.throws(() => decodeCbor(many), /more than 100000 data items/);
  });

  it('never throws anything but CborError on random bytes', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 5000; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (i % 40) }, next));
      try {
        decodeCbor(bytes);
      } catch (e) {
        assert.ok(e instanceof CborError, `${bytes.toString('hex')}: ${e}`);
      }
    }
  });

  it('keeps __proto__ as an ordinary key', () => {
    const value = decodeCbor(encodeCbor({ ['__proto__']: 1 } as never)) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), null);
    assert.equal(Object.keys(value).length, 1);
  });
});

describe('CBOR encoding', () => {
  const table: Array<[unknown, string]> = [
    [0, '00'], [23, '17'], [24, '1818'], [1000, '1903e8'], [1000000, '1a000f4240'], [1000000000000, '1b000000e8d4a51000'],
    [-1, '20'], [-1000, '3903e7'], [1.5, 'fb3ff8000000000000'], [2 ** 60, 'fb43b0000000000000'],
    [true, 'f5'], [false, 'f4'], [null, 'f6'], ['', '60'], ['IETF', '6449455446'], ['水', '63e6b0b4'],
    [[1, [2, 3]], '8201820203'], [{ a: 1, b: undefined }, 'a1616101'], [new Uint8Array([1, 2]), '420102'],
    [new Date(1363896240000), 'c11a514b67b0'], [new Date(1363896240500), 'c1fb41d452d9ec200000'],
  ];
  for (const [value, bytes] of table) {
    it(`${JSON.stringify(value)} → ${bytes}`, () => assert.equal(encodeCbor(value as never).toString('hex'), bytes));
  }

  it('round-trips what it writes, through buffer growth', () => {
    const doc = { list: Array.from({ length: 5000 }, (_, i) => ({ n: i - 2500, x: i / 7, s: 'é'.repeat(i % 30) })) };
    assert.deepEqual(plain(decodeCbor(encodeCbor(doc))), plain(doc));
  });
});
