import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildArn, globalArn, isForeignArn, parseArn } from './arn.js';
import { decodeToken, encodeToken, pageFrom, pageOf } from './pagination.js';
import { partition, scopeOf, scopeOfKey, scopePrefix } from './scope.js';
import { mergeTagPairs, removeTagKeys, tagProblem } from './tags.js';

const scope = { region: 'eu-west-1', accountId: '123456789012' };

describe('the AWS kit', () => {
  it('partitions', () => {
    const cases: Array<[string, string]> = [['us-east-1', 'aws'], ['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov'], ['us-iso-east-1', 'aws-iso'], ['us-isob-east-1', 'aws-iso-b']];
    for (const [region, expected] of cases) assert.equal(partition(region), expected, region);
  });

  it('scopes and their store prefixes', () => {
    assert.deepEqual(scopeOf({ region: 'eu-west-1', accountId: '123456789012', requestId: 'x' } as never), scope);
    assert.equal(scopePrefix(scope), 'eu-west-1/123456789012/');
    assert.deepEqual(scopeOfKey('eu-west-1/123456789012/cluster/x'), scope);
  });

  it('builds and parses ARNs, resources with colons and slashes included', () => {
    const arn = buildArn('ecs', scope, 'task-definition/web:3');
    assert.equal(arn, 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3');
    assert.deepEqual(parseArn(arn), { partition: 'aws', service: 'ecs', region: 'eu-west-1', accountId: '123456789012', resource: 'task-definition/web:3' });
    assert.equal(globalArn('iam', scope, 'root'), 'arn:aws:iam::123456789012:root');
    for (const bad of ['', 'arn', 'arn:aws', 'notarn:aws:ecs:r:a:x', 'arn::ecs:r:a:x']) assert.equal(parseArn(bad), undefined, bad);
  });

  it('foreign ARNs: another account, region or partition; names are never foreign', () => {
    const table: Array<[string, boolean]> = [
      ['arn:aws:ecs:eu-west-1:123456789012:cluster/a', false],
      ['arn:aws:ecs:eu-west-1:111111111111:cluster/a', true],
      ['arn:aws:ecs:us-east-1:123456789012:cluster/a', true],
      ['arn:aws-cn:ecs:eu-west-1:123456789012:cluster/a', true],
      ['arn:broken', true],
      ['cluster-name', false],
    ];
    for (const [ref, foreign] of table) assert.equal(isForeignArn(ref, scope), foreign, ref);
  });

  it('tokens round-trip and anything else decodes to undefined', () => {
    assert.equal(decodeToken(encodeToken('a/b|c')), 'a/b|c');
    for (const bad of ['', 'x', Buffer.from('{"k":1}').toString('base64url'), Buffer.from('null').toString('base64url')]) assert.equal(decodeToken(bad), undefined, bad);
  });

  it('pages: sorted items after a key, and index reads in chunks with a filter', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const first = pageOf(items, (x) => x, undefined, 2);
    assert.deepEqual(first.items, ['a', 'b']);
    assert.deepEqual(pageOf(items, (x) => x, decodeToken(first.next!), 2).items, ['c', 'd']);
    assert.equal(pageOf(items, (x) => x, 'c', 5).next, undefined);
    const reads: Array<[string | undefined, number]> = [];
    const read = (after: string | undefined, limit: number) => (reads.push([after, limit]), items.filter((x) => after === undefined || x > after).slice(0, limit));
    const page = pageFrom(read, (x) => x, (x) => x !== 'b' && x !== 'c', undefined, 2);
    assert.deepEqual(page.items, ['a', 'd']);
    assert.equal(decodeToken(page.next!), 'd');
    assert.deepEqual(reads, [[undefined, 3], ['c', 3]]);
  });

  it("tags: AWS's limits, merge and removal", () => {
    const tag = (key: string, value = '') => ({ key, value });
    assert.equal(tagProblem([tag('team', 'a')]), undefined);
    assert.equal(tagProblem(Array.from({ length: 51 }, (_v, i) => tag(`k${i}`))), 'too-many');
    assert.equal(tagProblem([tag('')]), 'empty-key');
    assert.equal(tagProblem([tag('k'.repeat(129))]), 'key-too-long');
    assert.equal(tagProblem([tag('k', 'v'.repeat(257))]), 'value-too-long');
    assert.equal(tagProblem([tag('AWS:x')]), 'reserved-prefix');
    assert.deepEqual(mergeTagPairs([tag('a', '1'), tag('b', '2')], [tag('b', '3'), tag('c', '4')]), [tag('a', '1'), tag('b', '3'), tag('c', '4')]);
    assert.deepEqual(removeTagKeys([tag('a'), tag('b')], ['a', 'x']), [tag('b')]);
  });
});
