import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { paged } from './content.js';

const q = (s: string) => new URLSearchParams(s);
const names = ['a', 'b', 'c', 'd', 'e'];

describe('tag list pagination', () => {
  it('returns everything without n, and pages with n and last', () => {
    assert.deepEqual(paged(names, q(''), '/p'), { items: names, headers: {} });
    assert.deepEqual(paged(names, q('n=2'), '/p'), { items: ['a', 'b'], headers: { link: '</p?n=2&last=b>; rel="next"' } });
    assert.deepEqual(paged(names, q('n=2&last=d'), '/p'), { items: ['e'], headers: {} });
    assert.deepEqual(paged(names, q('n=3&last=b'), '/p'), { items: ['c', 'd', 'e'], headers: {} });
  });
  it('answers n=0 with nothing and no Link, and rejects a bad n', () => {
    assert.deepEqual(paged(names, q('n=0'), '/p'), { items: [], headers: {} });
    assert.throws(() => paged(names, q('n=x'), '/p'), { code: 'PAGINATION_NUMBER_INVALID' });
  });
});
