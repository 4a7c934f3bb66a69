/** Aliases: AWS's naming rules and errors, the targets they may take, listing, and deletion with their key. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sweepKeys } from '../domain/sweep.js';
import { ACCOUNT, kmsApi, REGION } from './api-harness.js';

const aliasArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`;

describe('KMS aliases', () => {
  it('CreateAlias: names, uniqueness and targets as AWS rules them', async () => {
    const { call, failure, newKey } = kmsApi();
    const key = await newKey();
    await call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.Arn });
    const table: Array<[object, string]> = [
      [{ AliasName: 'alias/app', TargetKeyId: key.KeyId }, `AlreadyExistsException(400): An alias with the name ${aliasArn('alias/app')} already exists`],
      [{ AliasName: 'app', TargetKeyId: key.KeyId }, 'ValidationException(400): Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'],
      [{ AliasName: 'alias/aws/mine', TargetKeyId: key.KeyId }, 'NotAuthorizedException(400): '],
      [{ AliasName: 'alias/two', TargetKeyId: 'alias/app' }, 'ValidationException(400): Aliases must refer to keys. Not aliases'],
      [{ AliasName: 'alias/two', TargetKeyId: aliasArn('alias/app') }, 'ValidationException(400): Aliases must refer to keys. Not aliases'],
      [{ AliasName: 'alias/two', TargetKeyId: '11111111-2222-3333-4444-555555555555' }, `NotFoundException(400): Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555' does not exist`],
    ];
    for (const [input, expected] of table) assert.equal(await failure('CreateAlias', input), expected, JSON.stringify(input));
    await call('ScheduleKeyDeletion', { KeyId: key.KeyId });
    assert.equal(await failure('CreateAlias', { AliasName: 'alias/late', TargetKeyId: key.KeyId }), `KMSInvalidStateException(400): ${key.Arn} is pending deletion.`);
  });

  it('UpdateAlias re-points an alias keeping its creation date; DeleteAlias removes it', async () => {
    const { call, clock, failure, newKey } = kmsApi();
    const [first, second] = [await newKey(), await newKey()];
    await call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: first.KeyId });
    clock.advance(60_000);
    await call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: second.KeyId }, {});
    const [entry] = (await call('ListAliases', {})).Aliases;
    assert.deepEqual([entry.AliasName, entry.AliasArn, entry.TargetKeyId], ['alias/app', aliasArn('alias/app'), second.KeyId]);
    assert.equal(entry.LastUpdatedDate.getTime() - entry.CreationDate.getTime(), 60_000);
    assert.equal(await failure('UpdateAlias', { AliasName: 'alias/none', TargetKeyId: first.KeyId }), `NotFoundException(400): Alias ${aliasArn('alias/none')} is not found.`);
    await call('DeleteAlias', { AliasName: 'alias/app' });
    assert.equal(await failure('DeleteAlias', { AliasName: 'alias/app' }), `NotFoundException(400): Alias ${aliasArn('alias/app')} is not found.`);
    assert.deepEqual((await call('ListAliases', {})).Aliases, []);
  });

  it('ListAliases: all of the scope\'s in name order, or a key\'s (named any way); AWS managed ones once created', async () => {
    const { call, newKey } = kmsApi();
    const [a, b] = [await newKey(), await newKey()];
    for (const [name, key] of [['alias/c', a], ['alias/a', a], ['alias/b', b]] as const) await call('CreateAlias', { AliasName: name, TargetKeyId: key.KeyId });
    const names = async (input: object) => (await call('ListAliases', input)).Aliases.map((x) => x.AliasName);
    assert.deepEqual(await names({}), ['alias/a', 'alias/b', 'alias/c']);
    assert.deepEqual(await names({ KeyId: a.Arn }), ['alias/a', 'alias/c']);
    assert.deepEqual(await names({ KeyId: 'alias/b' }), ['alias/b']);
    const page = await call('ListAliases', { Limit: 2 });
    assert.deepEqual([page.Aliases.length, page.Truncated], [2, true]);
    assert.deepEqual((await call('ListAliases', { Limit: 2, Marker: page.NextMarker })).Aliases.map((x) => x.AliasName), ['alias/c']);
    await call('DescribeKey', { KeyId: 'alias/aws/secretsmanager' });
    assert.deepEqual(await names({}), ['alias/a', 'alias/aws/secretsmanager', 'alias/b', 'alias/c']);
  });

  it('only the predefined AWS aliases make a key: DescribeKey of "constructor", "toString" or "__proto__" finds none (fuzz finding)', async () => {
    const { call, failure } = kmsApi();
    for (const KeyId of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(await failure('DescribeKey', { KeyId }), `NotFoundException(400): Invalid keyId '${KeyId}'`);
    }
    assert.deepEqual((await call('ListKeys', {})).Keys, []);
    assert.deepEqual((await call('ListAliases', {})).Aliases, []);
  });

  it('the sweep deletes a key once its deletion date passes, with its aliases, not before', async () => {
    const { call, clock, failure, newKey, ring, store } = kmsApi();
    const [doomed, kept] = [await newKey(), await newKey()];
    await call('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: doomed.KeyId });
    await call('CreateAlias', { AliasName: 'alias/kept', TargetKeyId: kept.KeyId });
    await call('ScheduleKeyDeletion', { KeyId: doomed.KeyId, PendingWindowInDays: 7 });
    clock.advance(7 * 86_400_000 - 1);
    assert.deepEqual(sweepKeys(store, ring, clock.now()), { deleted: 0, rotated: 0 });
    clock.advance(1);
    assert.deepEqual(sweepKeys(store, ring, clock.now()), { deleted: 1, rotated: 0 });
    assert.match(await failure('DescribeKey', { KeyId: doomed.KeyId }), /^NotFoundException/);
    assert.deepEqual((await call('ListAliases', {})).Aliases.map((x) => x.AliasName), ['alias/kept']);
  });
});
