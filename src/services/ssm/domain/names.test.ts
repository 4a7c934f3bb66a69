import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFilterPath, levelsOf, nameProblem, parameterArn, parseReference, searchFolder } from './names.js';
import { folderOf, normalizeName, parameterId, versionId } from './records.js';

const scope = { region: 'eu-west-1', accountId: '123456789012' };
const BAD_PATH = /^ValidationException: Parameter name: can't be prefixed with "ssm" \(case-insensitive\)\. If formed as a path/;

function problem(name: string): string | undefined {
  const err = nameProblem(name);
  return err && `${err.code}: ${err.message}`;
}

describe('parameter names', () => {
  it('accepts what AWS accepts and refuses the rest with its error', () => {
    const levels = (n: number) => '/' + Array.from({ length: n }, (_v, i) => `l${i}`).join('/');
    const table: Array<[string, RegExp | undefined]> = [
      ['MyParameter', undefined],
      ['/Dev/DBServer/MySQL/db-string13', undefined],
      ['a.b-c_d', undefined],
      [levels(15), undefined],
      [levels(16), /^HierarchyLevelLimitExceededException: A hierarchy can have a maximum of 15 levels/],
      ['x'.repeat(1011), undefined],
      ['x'.repeat(1012), /^ValidationException: 1 validation error detected: .* length less than or equal to 1011$/],
      ['app/db', /^ValidationException: Parameter name must be a fully qualified name\.$/],
      ['awsome', /^ValidationException: Parameter name: can't be prefixed with "aws" or "ssm" \(case-insensitive\)\.$/],
      ['SSM-thing', /^ValidationException: Parameter name: can't be prefixed with "aws" or "ssm"/],
      ['/ssm/x', BAD_PATH],
      ['/aws/service/x', /^AccessDeniedException: No access to reserved parameter name: \/aws\/service\/x\.$/],
      ['/Aws', BAD_PATH],
      ['/app/my param', BAD_PATH],
      ['/app/x@y', BAD_PATH],
      ['/app//x', BAD_PATH],
      ['/app/', BAD_PATH],
    ];
    for (const [name, expected] of table) {
      const got = problem(name);
      if (expected) assert.match(got ?? 'accepted', expected, name);
      else assert.equal(got, undefined, name);
    }
  });

  it('counts levels, ignoring the leading slash', () => {
    assert.deepEqual(['a', '/a', '/a/b/c'].map(levelsOf), [1, 1, 3]);
  });

  it('ARNs and Store ids drop the leading slash: /app and app are one parameter', () => {
    assert.equal(parameterArn(scope, '/app/db'), 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db');
    assert.equal(parameterArn(scope, 'MyParameter'), 'arn:aws:ssm:eu-west-1:123456789012:parameter/MyParameter');
    assert.equal(parameterId(scope, '/x'), parameterId(scope, 'x'));
    assert.equal(versionId(scope, '/x', 3), 'eu-west-1/123456789012/x#000000000003');
    assert.deepEqual(['/app/db/pw', 'top', '/top'].map(folderOf), ['app/db/', '', '']);
    assert.equal(normalizeName('/a/b'), 'a/b');
  });

  it('references: names or ARNs here, with one selector', () => {
    const table: Array<[string, ReturnType<typeof parseReference>]> = [
      ['MyParameter', { name: 'MyParameter' }],
      ['/app/db:3', { name: '/app/db', selector: '3' }],
      ['MyParameter:prod', { name: 'MyParameter', selector: 'prod' }],
      ['arn:aws:ssm:eu-west-1:123456789012:parameter/app/db', { name: 'app/db' }],
      ['arn:aws:ssm:eu-west-1:123456789012:parameter/app/db:2', { name: 'app/db', selector: '2' }],
      ['arn:aws:ssm:us-east-1:123456789012:parameter/app/db', undefined],
      ['arn:aws:ssm:eu-west-1:999999999999:parameter/app/db', undefined],
      ['arn:aws:ssm:eu-west-1:123456789012:document/x', undefined],
      ['a:1:2', undefined],
      ['a:', undefined],
    ];
    for (const [ref, expected] of table) assert.deepEqual(parseReference(ref, scope), expected, ref);
  });

  it('search paths: folders in the Store form; the Path filter refuses reserved prefixes', () => {
    assert.deepEqual(['/', '/app', '/app/', '/app/db'].map(searchFolder), ['', 'app/', 'app/', 'app/db/']);
    assert.equal(searchFolder('/aws/service/ami'), 'aws/service/ami/');
    for (const bad of ['app', '/a//b', '/a b']) assert.throws(() => searchFolder(bad), /must begin with a forward slash/, bad);
    assert.throws(() => checkFilterPath('/aws/x'), /Filters for common parameters can't be prefixed with "aws" or "ssm"/);
    assert.equal(checkFilterPath('/team'), 'team/');
  });
});
