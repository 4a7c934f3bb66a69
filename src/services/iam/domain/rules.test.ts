/** IAM's pure rules: names and paths, ARNs, ids, quotas and sizes. Table-driven. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accessKeyId, deletionTaskId, Randomness, secretAccessKey, sessionToken, uniqueId } from './ids.js';
import { inlineFits, policySize, sessionDurationProblem } from './limits.js';
import { assumedRoleArn, entityArn, nameProblem, parsePolicyArn, parseRoleArn, pathPrefixProblem, pathProblem, underPath } from './names.js';

describe('IAM names and paths', () => {
  const table: Array<[Parameters<typeof nameProblem>[0], string, RegExp | undefined]> = [
    ['user', 'Bob', undefined],
    ['user', 'a+b=c,d.e@f_g-h', undefined],
    ['user', 'x'.repeat(64), undefined],
    ['user', 'x'.repeat(65), /Member must have length less than or equal to 64/],
    ['user', '', /Member must have length greater than or equal to 1/],
    ['user', 'bob smith', /Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\+/],
    ['user', 'bob/x', /regular expression/],
    ['role', 'r'.repeat(64), undefined],
    ['role', 'r'.repeat(65), /less than or equal to 64/],
    ['group', 'g'.repeat(128), undefined],
    ['group', 'g'.repeat(129), /less than or equal to 128/],
    ['policy', 'p'.repeat(128), undefined],
    ['instance-profile', 'ip:1', /regular expression/],
  ];
  for (const [type, value, problem] of table) {
    it(`${type} ${JSON.stringify(value.length > 20 ? `${value.slice(0, 8)}…(${value.length})` : value)}`, () => {
      const found = nameProblem(type, 'userName', value);
      if (!problem) assert.equal(found, undefined);
      else assert.match(found ?? '', problem);
    });
  }

  it("AWS's wording names the member and the value", () => {
    assert.equal(nameProblem('user', 'userName', 'a b'), "Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
  });

  it('paths: / or /…/ of printable ASCII; policy paths are stricter; prefixes start with /', () => {
    const paths: Array<[string, boolean, boolean]> = [
      ['/', true, true], ['/a/', true, true], ['/division_abc/subdivision_xyz/', true, true], ['/a b/', false, false],
      ['a/', false, false], ['/a', false, false], ['/a~b/', true, false], ['//', false, false],
    ];
    for (const [path, ok, okForPolicy] of paths) {
      assert.equal(pathProblem('path', path) === undefined, ok, path);
      assert.equal(pathProblem('path', path, true) === undefined, okForPolicy, `policy ${path}`);
    }
    assert.equal(pathProblem('path', `/${'a'.repeat(511)}/`)?.includes('less than or equal to 512'), true);
    assert.equal(pathPrefixProblem('pathPrefix', '/team'), undefined);
    assert.match(pathPrefixProblem('pathPrefix', 'team') ?? '', /regular expression/);
    assert.equal(underPath('/team/a/', '/team'), true);
    assert.equal(underPath('/other/', '/team'), false);
    assert.equal(underPath('/other/', undefined), true);
  });
});

describe('IAM ARNs', () => {
  it('entities carry their path; partitions follow the region', () => {
    assert.equal(entityArn('us-east-1', '123456789012', 'user', '/division_abc/', 'Bob'), 'arn:aws:iam::123456789012:user/division_abc/Bob');
    assert.equal(entityArn('cn-north-1', '123456789012', 'role', '/', 'r'), 'arn:aws-cn:iam::123456789012:role/r');
    assert.equal(entityArn('us-east-1', '123456789012', 'instance-profile', '/', 'p'), 'arn:aws:iam::123456789012:instance-profile/p');
  });

  it('policy and role ARNs parse into account, path and name', () => {
    assert.deepEqual(parsePolicyArn('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'), { partition: 'aws', accountId: 'aws', path: '/service-role/', name: 'AmazonECSTaskExecutionRolePolicy' });
    assert.deepEqual(parsePolicyArn('arn:aws:iam::123456789012:policy/p'), { partition: 'aws', accountId: '123456789012', path: '/', name: 'p' });
    for (const bad of ['arn:aws:iam::123456789012:role/p', 'arn:aws:s3:::bucket', 'policy/p', 'arn:aws:iam::12:policy/p', 'arn:aws:iam::123456789012:policy/']) assert.equal(parsePolicyArn(bad), undefined, bad);
    assert.deepEqual(parseRoleArn('arn:aws:iam::123456789012:role/a/b/web'), { partition: 'aws', accountId: '123456789012', path: '/a/b/', name: 'web' });
    assert.equal(parseRoleArn('arn:aws:iam::123456789012:user/web'), undefined);
    assert.equal(assumedRoleArn('arn:aws:iam::123456789012:role/a/web', 'web', 's1'), 'arn:aws:sts::123456789012:assumed-role/web/s1');
  });
});

describe('IAM ids', () => {
  const pinned: Randomness = { int: () => 0, bytes: (n) => Buffer.alloc(n, 0xab) };
  it('unique ids: prefix and 17 upper-case letters or digits', () => {
    const table: Array<[Parameters<typeof uniqueId>[0], string]> = [['user', 'AIDA'], ['role', 'AROA'], ['policy', 'ANPA'], ['group', 'AGPA'], ['instanceProfile', 'AIPA']];
    for (const [kind, prefix] of table) {
      assert.match(uniqueId(kind), new RegExp(`^${prefix}[A-Z0-9]{17}$`));
      assert.equal(uniqueId(kind, pinned), `${prefix}${'A'.repeat(17)}`);
    }
  });

  it('access keys, secrets, tokens, deletion tasks', () => {
    assert.match(accessKeyId('AKIA'), /^AKIA[A-Z2-7]{16}$/);
    assert.match(accessKeyId('ASIA'), /^ASIA[A-Z2-7]{16}$/);
    assert.match(secretAccessKey(), /^[A-Za-z0-9+/]{40}$/);
    assert.ok(sessionToken().length > 300);
    assert.match(deletionTaskId('/aws-service-role/ecs.amazonaws.com/', 'AWSServiceRoleForECS', pinned), /^task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\/abababab-abab-abab-abab-abababababab$/);
    const ids = new Set(Array.from({ length: 1000 }, () => accessKeyId('AKIA')));
    assert.equal(ids.size, 1000);
  });
});

describe('IAM quotas and sizes', () => {
  it('white space does not count towards a policy size', () => {
    assert.equal(policySize('{ "a" :\n\t"b c" }'), 10);
  });

  it('inline policies share the holder quota; replacing a policy frees its size', () => {
    const doc = (n: number) => `{"x":"${'a'.repeat(n - 8)}"}`;
    assert.equal(policySize(doc(1000)), 1000);
    const existing = [{ name: 'a', document: doc(1000) }];
    const table: Array<['user' | 'group' | 'role', string, number, boolean]> = [
      ['user', 'b', 1048, true], ['user', 'b', 1049, false], ['user', 'a', 2048, true], ['user', 'a', 2049, false],
      ['group', 'b', 4120, true], ['group', 'b', 4121, false], ['role', 'b', 9240, true], ['role', 'b', 9241, false],
    ];
    for (const [type, name, size, fits] of table) assert.equal(inlineFits(type, existing, name, doc(size)), fits, `${type} ${name} ${size}`);
  });

  it('MaxSessionDuration: 3,600–43,200 seconds', () => {
    assert.equal(sessionDurationProblem('maxSessionDuration', 3600), undefined);
    assert.equal(sessionDurationProblem('maxSessionDuration', 43200), undefined);
    assert.equal(sessionDurationProblem('maxSessionDuration', 3599), "Value '3599' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    assert.match(sessionDurationProblem('maxSessionDuration', 43201) ?? '', /less than or equal to 43200/);
  });
});
