import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCallSize, validateName, validateValue, withAttributes, withoutAttributes } from './attributes.js';

const invalid = (code: string, message: RegExp) => ({ code, message });

describe('attribute names', () => {
  for (const name of ['stack', 'a', 'x'.repeat(128), 'Team_1-a.b/c\\d']) {
    it(`accepts ${JSON.stringify(name.slice(0, 20))}`, () => validateName(name));
  }
  const bad: [string, RegExp][] = [
    ['', /is not valid/], ['x'.repeat(129), /is not valid/], ['has space', /is not valid/], ['a:b', /is not valid/], ['a@b', /is not valid/],
    ['ecs.availability-zone', /is reserved/], ['ecs.capability.task-eni', /is reserved/], ['com.amazonaws.ecs.capability.ecr-auth', /is reserved/],
  ];
  for (const [name, message] of bad) {
    it(`refuses ${JSON.stringify(name.slice(0, 20))}`, () => assert.throws(() => validateName(name), invalid('InvalidParameterException', message)));
  }
});

describe('attribute values', () => {
  for (const value of [undefined, 'production', 'a b', 'user@host:/path\\x', 'v'.repeat(128)]) {
    it(`accepts ${JSON.stringify(value)}`, () => validateValue(value));
  }
  for (const value of ['', ' lead', 'trail ', 'v'.repeat(129), 'semi;colon', 'tab\there', 'é']) {
    it(`refuses ${JSON.stringify(value.slice(0, 20))}`, () => assert.throws(() => validateValue(value), invalid('InvalidParameterException', /value is not valid/)));
  }
});

describe('attributes per call', () => {
  const n = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `a${i}` }));
  it('takes 1 to 10', () => {
    checkCallSize(n(1));
    checkCallSize(n(10));
  });
  it('refuses none', () => assert.throws(() => checkCallSize([]), invalid('InvalidParameterException', /^Attributes cannot be empty\.$/)));
  it('refuses 11', () => assert.throws(() => checkCallSize(n(11)), invalid('InvalidParameterException', /^attributes can have at most 10 items\.$/)));
});

describe('setting and removing attributes', () => {
  const builtIn = Array.from({ length: 20 }, (_, i) => ({ name: `ecs.capability.c${i}` }));
  const custom = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `c${i}`, value: 'v' }));

  it('replaces a value by name and adds new names after the existing ones', () => {
    assert.deepEqual(withAttributes([{ name: 'a', value: '1' }, { name: 'b' }], [{ name: 'a', value: '2' }, { name: 'c' }]),
      [{ name: 'a', value: '2' }, { name: 'b' }, { name: 'c' }]);
  });
  it('counts only custom attributes against the limit of 10', () => {
    assert.equal(withAttributes(builtIn, custom(10)).length, 30);
    assert.throws(() => withAttributes([...builtIn, ...custom(10)], [{ name: 'one-more' }]), invalid('AttributeLimitExceededException', /at most 10 custom attributes/));
  });
  it('replacing one of 10 stays within the limit', () => {
    assert.equal(withAttributes(custom(10), [{ name: 'c3', value: 'w' }]).find((a) => a.name === 'c3')?.value, 'w');
  });
  it('removes by name, keeping the rest in order', () => {
    assert.deepEqual(withoutAttributes([{ name: 'a' }, { name: 'b' }, { name: 'c' }], ['b', 'missing']), [{ name: 'a' }, { name: 'c' }]);
  });
});
