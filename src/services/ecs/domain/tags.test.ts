import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeTags, removeTags, Tag, validateTags } from './tags.js';

const tags = (n: number): Tag[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
const invalid = (message: string) => ({ code: 'InvalidParameterException', message });

describe('validateTags', () => {
  it('no tags is an empty list', () => assert.deepEqual(validateTags(undefined), []));
  it('accepts the limits: 50 tags, 128-character key, 256-character value, empty value', () => {
    assert.equal(validateTags(tags(50)).length, 50);
    assert.doesNotThrow(() => validateTags([{ key: 'k'.repeat(128), value: 'v'.repeat(256) }, { key: 'empty', value: '' }, { key: 'novalue' }]));
  });
  it('keys that merely contain aws: are fine', () => assert.doesNotThrow(() => validateTags([{ key: 'team:aws:x', value: 'aws:ok' }])));
  const cases: [string, Tag[], string][] = [
    ['51 tags', tags(51), 'The maximum number of tags on a resource is 50.'],
    ['129-character key', [{ key: 'k'.repeat(129), value: 'v' }], 'Tag keys must be 128 characters or less.'],
    ['257-character value', [{ key: 'k', value: 'v'.repeat(257) }], 'Tag values must be 256 characters or less.'],
    ['empty key', [{ key: '', value: 'v' }], 'Tag keys must not be empty.'],
    ['missing key', [{ value: 'v' }], 'Tag keys must not be empty.'],
    ['aws: prefix', [{ key: 'aws:cloudformation:stack-name', value: 'x' }], 'Tag keys with the prefix aws: are reserved.'],
    ['AWS: prefix', [{ key: 'AWS:x', value: 'x' }], 'Tag keys with the prefix aws: are reserved.'],
    ['mixed-case aWs: prefix', [{ key: 'aWs:x', value: 'x' }], 'Tag keys with the prefix aws: are reserved.'],
  ];
  for (const [name, input, message] of cases) it(`rejects ${name}`, () => assert.throws(() => validateTags(input), invalid(message)));
});

describe('mergeTags', () => {
  it('replaces values by key and appends new keys', () => {
    assert.deepEqual(mergeTags([{ key: 'a', value: '1' }, { key: 'b', value: '2' }], [{ key: 'b', value: 'two' }, { key: 'c', value: '3' }]),
      [{ key: 'a', value: '1' }, { key: 'b', value: 'two' }, { key: 'c', value: '3' }]);
  });
  it('keys are case-sensitive', () => {
    assert.deepEqual(mergeTags([{ key: 'Env', value: 'prod' }], [{ key: 'env', value: 'dev' }]), [{ key: 'Env', value: 'prod' }, { key: 'env', value: 'dev' }]);
  });
  it('a missing value becomes empty', () => assert.deepEqual(mergeTags(undefined, [{ key: 'a' }]), [{ key: 'a', value: '' }]));
  it('the merged set must still fit in 50 tags', () => {
    assert.equal(mergeTags(tags(49), [{ key: 'new', value: 'x' }]).length, 50);
    assert.equal(mergeTags(tags(50), [{ key: 'k0', value: 'replaced' }]).length, 50);
    assert.throws(() => mergeTags(tags(50), [{ key: 'new', value: 'x' }]), invalid('The maximum number of tags on a resource is 50.'));
  });
  it('validates the added tags', () => assert.throws(() => mergeTags([], [{ key: 'aws:x', value: '' }]), invalid('Tag keys with the prefix aws: are reserved.')));
});

describe('removeTags', () => {
  it('removes the given keys and ignores unknown ones', () => {
    assert.deepEqual(removeTags([{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }], ['a', 'c', 'zzz']), [{ key: 'b', value: '2' }]);
  });
  it('removing from nothing is nothing', () => assert.deepEqual(removeTags(undefined, ['a']), []));
  it('removing no keys keeps everything', () => assert.deepEqual(removeTags(tags(3), []), tags(3)));
});
