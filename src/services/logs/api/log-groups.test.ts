import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, logsApi, T0 } from './api-harness.js';

const ARN = (name: string) => `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}`;

describe('log groups', () => {
  it('CreateLogGroup, then DescribeLogGroups shows it as AWS does', async () => {
    const { call, failure } = logsApi();
    await call('CreateLogGroup', { logGroupName: '/ecs/web', tags: { team: 'a' }, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
    assert.deepEqual((await call('DescribeLogGroups', {})).logGroups, [{
      logGroupName: '/ecs/web', creationTime: T0, metricFilterCount: 0, arn: `${ARN('/ecs/web')}:*`, storedBytes: 0,
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k', logGroupClass: 'STANDARD', logGroupArn: ARN('/ecs/web'),
    }]);
    assert.equal(await failure('CreateLogGroup', { logGroupName: '/ecs/web' }), 'ResourceAlreadyExistsException: The specified log group already exists');
    assert.equal(await failure('CreateLogGroup', { logGroupName: 'aws/mine' }), "InvalidParameterException: Log group names can't start with the string aws/");
    assert.match(await failure('CreateLogGroup', { logGroupName: 'x', tags: { 'aws:owner': 'me' } }), /^InvalidParameterException: Tag keys beginning with aws:/);
  });

  it('DescribeLogGroups: prefix, case-sensitive pattern (three members only), class, identifiers, pages in ASCII order', async () => {
    const { call, failure } = logsApi();
    for (const name of ['DataLogs', 'aws-x/DataLogs', 'GroupDataLogs', 'datalogs', '/app/b', '/app/a']) await call('CreateLogGroup', { logGroupName: name });
    await call('CreateLogGroup', { logGroupName: 'cold', logGroupClass: 'INFREQUENT_ACCESS' });
    const names = async (input: object) => (await call('DescribeLogGroups', input)).logGroups.map((g) => g.logGroupName);
    assert.deepEqual(await names({}), ['/app/a', '/app/b', 'DataLogs', 'GroupDataLogs', 'aws-x/DataLogs', 'cold', 'datalogs']);
    assert.deepEqual(await names({ logGroupNamePrefix: '/app/' }), ['/app/a', '/app/b']);
    assert.deepEqual(await names({ logGroupNamePattern: 'DataLogs' }), ['DataLogs', 'GroupDataLogs', 'aws-x/DataLogs']);
    assert.deepEqual(Object.keys((await call('DescribeLogGroups', { logGroupNamePattern: 'cold' })).logGroups[0]).sort(), ['arn', 'creationTime', 'logGroupName']);
    assert.deepEqual(await names({ logGroupClass: 'INFREQUENT_ACCESS' }), ['cold']);
    assert.deepEqual(await names({ logGroupIdentifiers: ['cold', ARN('/app/a'), 'missing', 'arn:aws:logs:us-east-1:123456789012:log-group:cold'] }), ['/app/a', 'cold']);
    const first = await call('DescribeLogGroups', { limit: 4 });
    assert.equal(first.logGroups.length, 4);
    const second = await call('DescribeLogGroups', { limit: 4, nextToken: first.nextToken });
    assert.deepEqual(second.logGroups.map((g) => g.logGroupName), ['aws-x/DataLogs', 'cold', 'datalogs']);
    assert.equal((second as { nextToken?: string }).nextToken, undefined);
    assert.match(await failure('DescribeLogGroups', { logGroupNamePrefix: 'a', logGroupNamePattern: 'b' }), /^InvalidParameterException: .*mutually exclusive/);
    assert.equal(await failure('DescribeLogGroups', { nextToken: 'garbage' }), 'InvalidParameterException: The specified nextToken is invalid.');
  });

  it('storedBytes counts the UTF-8 bytes of the events a group holds', async () => {
    const { call, seed } = logsApi();
    await seed('g', 's', ['héllo', 'x']);
    assert.equal((await call('DescribeLogGroups', {})).logGroups[0].storedBytes, 7);
  });

  it('DeleteLogGroup deletes its streams and events; the name then starts afresh', async () => {
    const { call, failure, seed } = logsApi();
    await seed('g', 's', ['a']);
    await call('DeleteLogGroup', { logGroupName: 'g' });
    assert.equal(await failure('DeleteLogGroup', { logGroupName: 'g' }), 'ResourceNotFoundException: The specified log group does not exist.');
    await call('CreateLogGroup', { logGroupName: 'g' });
    assert.deepEqual((await call('DescribeLogStreams', { logGroupName: 'g' })).logStreams, []);
  });

  it('retention: only the allowed values; set, shown and removed', async () => {
    const { call, failure } = logsApi();
    await call('CreateLogGroup', { logGroupName: 'g' });
    await call('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 14 });
    assert.equal((await call('DescribeLogGroups', {})).logGroups[0].retentionInDays, 14);
    assert.match(await failure('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 2 }),
      /^InvalidParameterException: 1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, .*3653\]$/);
    await call('DeleteRetentionPolicy', { logGroupName: 'g' });
    assert.equal('retentionInDays' in (await call('DescribeLogGroups', {})).logGroups[0], false);
    assert.equal(await failure('PutRetentionPolicy', { logGroupName: 'nope', retentionInDays: 1 }), 'ResourceNotFoundException: The specified log group does not exist.');
    assert.equal(await failure('DeleteRetentionPolicy', { logGroupName: 'nope' }), 'ResourceNotFoundException: The specified log group does not exist.');
  });

  it('tags through both APIs, by name and by ARN', async () => {
    const { call, failure } = logsApi();
    await call('CreateLogGroup', { logGroupName: 'g', tags: { a: '1' } });
    await call('TagLogGroup', { logGroupName: 'g', tags: { b: '2' } });
    await call('TagResource', { resourceArn: ARN('g'), tags: { a: '9', c: '3' } });
    assert.deepEqual((await call('ListTagsForResource', { resourceArn: ARN('g') })).tags, { a: '9', b: '2', c: '3' });
    await call('UntagResource', { resourceArn: ARN('g'), tagKeys: ['a'] });
    await call('UntagLogGroup', { logGroupName: 'g', tags: ['b', 'absent'] });
    assert.deepEqual((await call('ListTagsLogGroup', { logGroupName: 'g' })).tags, { c: '3' });
    assert.deepEqual((await call('ListTagsForResource', { resourceArn: `${ARN('g')}:*` })).tags, { c: '3' });
    assert.equal(await failure('ListTagsForResource', { resourceArn: ARN('nope') }), 'ResourceNotFoundException: The specified log group does not exist.');
    assert.equal(await failure('ListTagsForResource', { resourceArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:destination:d` }), 'ResourceNotFoundException: The specified log group does not exist.');
    const many = Object.fromEntries(Array.from({ length: 50 }, (_v, i) => [`k${i}`, 'v']));
    assert.equal(await failure('TagResource', { resourceArn: ARN('g'), tags: many }), 'TooManyTagsException: A resource can have no more than 50 tags.');
    assert.equal(await failure('TagLogGroup', { logGroupName: 'g', tags: many }), 'InvalidParameterException: A resource can have no more than 50 tags.');
  });
});
