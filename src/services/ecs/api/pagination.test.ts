import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, encodeToken, page } from './pagination.js';

const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${String(i).padStart(4, '0')}`);
const id = (k: string) => k;

/** Follows nextToken until the end and returns the page sizes and all items. */
function walk(items: string[], maxResults: number | undefined, defaultMax: number): { sizes: number[]; all: string[] } {
  const sizes: number[] = [];
  const all: string[] = [];
  let token: string | undefined;
  do {
    const p = page(items, id, token, maxResults, defaultMax);
    sizes.push(p.items.length);
    all.push(...p.items);
    token = p.nextToken;
  } while (token !== undefined);
  return { sizes, all };
}

describe('page', () => {
  const cases: [string, number, number | undefined, number, number[]][] = [
    ['ListTasks default page of 100', 250, undefined, 100, [100, 100, 50]],
    ['ListServices default page of 10', 25, undefined, 10, [10, 10, 5]],
    ['explicit maxResults wins over the default', 7, 3, 100, [3, 3, 1]],
    ['maxResults 1', 3, 1, 100, [1, 1, 1]],
    ['maxResults 100', 150, 100, 10, [100, 50]],
    ['an exact multiple needs no extra empty page', 200, 100, 100, [100, 100]],
    ['fewer items than a page', 5, undefined, 100, [5]],
    ['no items', 0, undefined, 100, [0]],
  ];
  for (const [name, n, maxResults, defaultMax, sizes] of cases) {
    it(name, () => {
      const items = keys(n);
      const r = walk(items, maxResults, defaultMax);
      assert.deepEqual(r.sizes, sizes);
      assert.deepEqual(r.all, items);
    });
  }
  it('the last page has no nextToken', () => {
    assert.equal(page(keys(3), id, undefined, 3, 100).nextToken, undefined);
    assert.equal(typeof page(keys(4), id, undefined, 3, 100).nextToken, 'string');
  });
  it('a token resumes after its key even if that item has gone', () => {
    const first = page(keys(6), id, undefined, 2, 100);
    const remainingItems = keys(6).filter((k) => k !== 'k0001');
    assert.deepEqual(page(remainingItems, id, first.nextToken, 2, 100).items, ['k0002', 'k0003']);
  });
  for (const maxResults of [0, -1, 101, 1000]) {
    it(`maxResults ${maxResults} is out of range`, () => {
      assert.throws(() => page(keys(1), id, undefined, maxResults, 100), { code: 'InvalidParameterException', message: 'maxResults must be between 1 and 100.' });
    });
  }
});

describe('nextToken encoding', () => {
  for (const key of ['k0001', 'us-east-1/123456789012/prod/abc', 'fam/0000003', 'ünïcödé key with spaces']) {
    it(`round trips ${JSON.stringify(key)}`, () => {
      const token = encodeToken(key);
      assert.equal(decodeToken(token), key);
      assert.match(token, /^[A-Za-z0-9_-]+$/, 'URL-safe base64');
      assert.ok(!token.includes(key), 'the token is opaque');
    });
  }
  it('no token decodes to undefined', () => assert.equal(decodeToken(undefined), undefined));
  const invalid: [string, string][] = [
    ['garbage', 'not a token!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['JSON without the key', Buffer.from(JSON.stringify({ x: 1 })).toString('base64url')],
    ['key of the wrong type', Buffer.from(JSON.stringify({ k: 5 })).toString('base64url')],
    ['empty string', ''],
  ];
  for (const [name, token] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => decodeToken(token), { code: 'InvalidParameterException', message: 'Invalid nextToken.' });
      assert.throws(() => page(keys(2), id, token, 1, 100), { code: 'InvalidParameterException' });
    });
  }
});
