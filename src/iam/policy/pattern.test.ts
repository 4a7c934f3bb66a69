/** Templates (wildcards, variables, escapes), ARN segments, IP ranges, and their cost. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArnSubject, compileArnPattern, matchArn } from './arn-pattern.js';
import { cidrContains, parseCidr, parseIp } from '../../platform/ip.js';
import { parsePolicy } from './parse.js';
import { compileTemplate, Lookup, matchTemplate, Subject } from './pattern.js';

const CONTEXT: Record<string, string> = { 'aws:username': 'alice', 'aws:principaltag/team': 'web', 'ecs:star': 'a*' };
const lookup: Lookup = (key) => CONTEXT[key];
const LIKE = { wildcards: true, variables: true };

describe('templates', () => {
  const cases: Array<[pattern: string, text: string, expected: boolean]> = [
    ['home/${aws:username}/*', 'home/alice/notes', true],
    ['home/${aws:username}/*', 'home/bob/notes', false],
    ['home/${AWS:UserName}', 'home/alice', true],
    ['${ aws:username }', 'alice', true],
    ['${aws:PrincipalTag/team}-*', 'web-1', true],
    ['${aws:PrincipalTag/missing}', '', false],
    ["${aws:PrincipalTag/missing, 'none'}", 'none', true],
    ["${aws:username, 'none'}", 'alice', true],
    ['${*}', '*', true],
    ['${*}', 'x', false],
    ['${?}', '?', true],
    ['${$}{x}', '${x}', true],
    ['${ecs:star}', 'a*', true],
    ['${ecs:star}', 'ab', false],
    ['${unterminated', '${unterminated', true],
    ['${}', '${}', true],
    ["${aws:username, 'unterminated}", "${aws:username, 'unterminated}", true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['😀?', '😀😀', true],
  ];
  for (const [pattern, text, expected] of cases) {
    it(`'${pattern}' ${expected ? 'matches' : 'does not match'} '${text}'`, () => {
      assert.equal(matchTemplate(compileTemplate(pattern, LIKE), new Subject(text), lookup), expected);
    });
  }

  it('without variables (Version 2008-10-17), ${…} is text and * still a wildcard', () => {
    const t = compileTemplate('${aws:username}*', { wildcards: true, variables: false });
    assert.equal(matchTemplate(t, new Subject('${aws:username}-x'), lookup), true);
    assert.equal(matchTemplate(t, new Subject('alice'), lookup), false);
  });
});

describe('ARN patterns', () => {
  const cases: Array<[pattern: string, arn: string, expected: boolean]> = [
    ['*', 'arn:aws:ecs:us-east-1:111122223333:cluster/prod', true],
    ['*', '*', true],
    ['arn:aws:ecs:*:111122223333:cluster/*', 'arn:aws:ecs:us-east-1:111122223333:cluster/prod', true],
    ['arn:aws:ecs:*:*:*', '*', false],
    ['arn:aws:ecs:us-east-?:111122223333:cluster/prod', 'arn:aws:ecs:us-east-1:111122223333:cluster/prod', true],
    ['arn:aws:ecs:*:111122223333:task/*', 'arn:aws:ecs:us-east-1:111122223333:task/c/abc', true],
    ['arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg', true],
    ['arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET//test/object.jpg', true],
    ['arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/test/object.jpg', false],
    ['arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/1-test/object.jpg', false],
    ['arn:aws:logs:*:*:log-group:app:*', 'arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:x', true],
    ['arn:aws:ecs:*', 'arn:aws:ecs:us-east-1:111122223333:cluster/prod', true],
    ['arn:aws:ecs:*:111122223333:cluster/${aws:username}', 'arn:aws:ecs:us-east-1:111122223333:cluster/alice', true],
  ];
  for (const [pattern, arn, expected] of cases) {
    it(`'${pattern}' ${expected ? 'matches' : 'does not match'} '${arn}'`, () => {
      assert.equal(matchArn(compileArnPattern(pattern, true), new ArnSubject(arn), lookup), expected);
    });
  }
});

describe('IP ranges', () => {
  const cases: Array<[range: string, address: string, expected: boolean]> = [
    ['10.0.0.0/8', '10.255.0.1', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['2001:db8::/32', '2001:0db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '::1', true],
    ['::ffff:10.0.0.0/104', '::ffff:10.1.2.3', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', false],
  ];
  for (const [range, address, expected] of cases) {
    it(`${range} ${expected ? 'contains' : 'does not contain'} ${address}`, () => {
      const r = parseCidr(range);
      const a = parseIp(address);
      assert.ok(r && a);
      assert.equal(cidrContains(r, a), expected);
    });
  }

  for (const bad of ['10.0.0', '10.0.0.256', '10.0.0.1/33', '1::2::3', '12345::', '10.0.0.0/', 'x']) {
    it(`'${bad}' is no range`, () => assert.equal(parseCidr(bad), undefined));
  }
});

describe('cost: hostile documents stay linear', () => {
  // A quadratic scan of these would take minutes; linear work takes milliseconds.
  const within = (ms: number, fn: () => void) => {
    const start = process.hrtime.bigint();
    fn();
    const took = Number(process.hrtime.bigint() - start) / 1e6;
    assert.ok(took < ms, `${took.toFixed(0)} ms`);
  };

  it("200,000 broken `${a, '` in a resource parse in linear time", () => {
    const resource = `arn:aws:s3:::b/${"${a, '".repeat(200_000)}`;
    within(2000, () => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: resource } }), 'identity'));
  });

  it('200,000 unterminated `${` in a condition value parse in linear time', () => {
    const value = '${'.repeat(200_000);
    within(2000, () => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringLike: { 's3:prefix': value } } } }), 'identity'));
  });

  it('a star run against a long resource matches in linear time', () => {
    const t = compileTemplate(`${'*'.repeat(1000)}Q`, LIKE);
    within(2000, () => assert.equal(matchTemplate(t, new Subject('a'.repeat(100_000)), lookup), false));
  });
});
