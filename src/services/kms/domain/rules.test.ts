/** Pure rules: key references, alias names, key states per use, AWS managed keys, deletion windows, key policies. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { checkDeletionWindow, checkKeyManager, checkKeyState, KeyUse, nextRotation } from './key-rules.js';
import { checkAliasName, isKeyId, newKeyId, parseKeyRef } from './names.js';
import { awsManagedKeyPolicy, defaultKeyPolicy } from './policies.js';
import { KeyDoc, KeyState } from './records.js';
import { KeyVaultError } from './ports.js';

const scope = { region: 'eu-west-1', accountId: '123456789012' };
const ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN = `arn:aws:kms:eu-west-1:123456789012:key/${ID}`;

/** `code: message` of what fn throws, or 'ok'. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof KeyVaultError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

const key = (over: Partial<KeyDoc> = {}): KeyDoc => ({
  KeyId: ID, Arn: ARN, AWSAccountId: scope.accountId, region: scope.region, CreationDate: '2026-01-01T00:00:00.000Z', Description: '',
  KeyState: 'Enabled', KeyManager: 'CUSTOMER', MultiRegion: false, policy: '{}', tags: [], materials: [], onDemandRotations: 0, ...over,
});

describe('KMS rules', () => {
  it('reads the four ways to name a key, in the caller\'s account and region only', () => {
    const table: Array<[string, string]> = [
      [ID, `key ${ID}`],
      [`mrk-${'a1'.repeat(16)}`, `key mrk-${'a1'.repeat(16)}`],
      [ARN, `key ${ID}`],
      ['alias/app', 'alias alias/app'],
      ['arn:aws:kms:eu-west-1:123456789012:alias/app', 'alias alias/app'],
      ['fake-key-id', "NotFoundException: Invalid keyId 'fake-key-id'"],
      ['134f2428cec14b25a1ae9048164dba47', "NotFoundException: Invalid keyId '134f2428cec14b25a1ae9048164dba47'"],
      [`arn:aws:kms:us-east-1:123456789012:key/${ID}`, 'NotFoundException: Invalid arn us-east-1'],
      [`arn:aws:kms:eu-west-1:999999999999:key/${ID}`, `NotFoundException: Key 'arn:aws:kms:eu-west-1:999999999999:key/${ID}' does not exist`],
      ['arn:aws:kms:eu-west-1:999999999999:alias/app', 'NotFoundException: Alias arn:aws:kms:eu-west-1:999999999999:alias/app is not found.'],
      ['arn:aws:s3:::bucket', "NotFoundException: Invalid keyId 'arn:aws:s3:::bucket'"],
    ];
    for (const [ref, expected] of table) {
      let parsed = '';
      const result = outcome(() => {
        const r = parseKeyRef(ref, scope);
        parsed = r.type === 'key' ? `key ${r.keyId}` : `alias ${r.name}`;
      });
      assert.equal(result === 'ok' ? parsed : result, expected, ref);
    }
    assert.ok(isKeyId(newKeyId(false)));
    assert.match(newKeyId(true), /^mrk-[0-9a-f]{32}$/);
  });

  it('alias names: the alias/ prefix, allowed characters, alias/aws/ reserved', () => {
    const prefix = 'ValidationException: Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';
    const table: Array<[string, boolean, string]> = [
      ['alias/app-key_1/prod', true, 'ok'],
      ['app', true, prefix],
      ['alias/', true, 'ValidationException: alias/ contains invalid characters for an alias'],
      ['alias/a:b', true, 'ValidationException: alias/a:b contains invalid characters for an alias'],
      ['alias/aws/ssm', true, 'NotAuthorizedException: '],
      ['alias/aws/ssm', false, 'ok'],
      ['alias/awsome', true, 'ok'],
    ];
    for (const [name, forCreate, expected] of table) assert.equal(outcome(() => checkAliasName(name, forCreate)), expected, name);
  });

  it('key states per use, with AWS\'s errors', () => {
    const disabled = `DisabledException: ${ARN} is disabled.`;
    const pending = `KMSInvalidStateException: ${ARN} is pending deletion.`;
    const notPending = `KMSInvalidStateException: ${ARN} is not pending deletion.`;
    const table: Array<[KeyUse, KeyState, string]> = [
      ['crypto', 'Enabled', 'ok'], ['crypto', 'Disabled', disabled], ['crypto', 'PendingDeletion', pending],
      ['change', 'Enabled', 'ok'], ['change', 'Disabled', 'ok'], ['change', 'PendingDeletion', pending],
      ['cancel', 'Enabled', notPending], ['cancel', 'Disabled', notPending], ['cancel', 'PendingDeletion', 'ok'],
      ['read', 'Enabled', 'ok'], ['read', 'Disabled', 'ok'], ['read', 'PendingDeletion', 'ok'],
    ];
    for (const [use, state, expected] of table) assert.equal(outcome(() => checkKeyState(key({ KeyState: state }), use)), expected, `${use} ${state}`);
  });

  it('the KMS API only reads AWS managed keys', () => {
    const caller = 'arn:aws:iam::123456789012:user/bob';
    const table: Array<[string, boolean]> = [['DescribeKey', true], ['GetKeyPolicy', true], ['ListResourceTags', true], ['Encrypt', false], ['ScheduleKeyDeletion', false], ['PutKeyPolicy', false], ['CreateAlias', false]];
    for (const [operation, allowed] of table) {
      assert.equal(outcome(() => checkKeyManager(key({ KeyManager: 'AWS' }), operation, caller)) === 'ok', allowed, operation);
      assert.equal(outcome(() => checkKeyManager(key(), operation, caller)), 'ok', operation);
    }
    assert.equal(outcome(() => checkKeyManager(key({ KeyManager: 'AWS' }), 'Encrypt', caller)),
      `AccessDeniedException: User: ${caller} is not authorized to perform: kms:Encrypt on resource: ${ARN} because no resource-based policy allows the kms:Encrypt action`);
  });

  it('deletion windows of 7 to 30 days; rotation dates from the period', () => {
    for (const [days, ok] of [[6, false], [7, true], [30, true], [31, false]] as const) {
      assert.equal(outcome(() => checkDeletionWindow(days)) === 'ok', ok, String(days));
    }
    assert.equal(outcome(() => checkDeletionWindow(5)), 'ValidationException: PendingWindowInDays should be between 7 and 30, but it is 5');
    assert.equal(nextRotation(key()), undefined);
    assert.equal(nextRotation(key({ rotation: { periodDays: 90, since: '2026-01-01T00:00:00.000Z' } }))?.toISOString(), '2026-04-01T00:00:00.000Z');
  });

  it('writes the default and AWS managed key policies as AWS prints them, valid resource policies', () => {
    const policy = defaultKeyPolicy(scope);
    assert.equal(policy, [
      '{', '  "Version" : "2012-10-17",', '  "Id" : "key-default-1",', '  "Statement" : [ {', '    "Sid" : "Enable IAM User Permissions",',
      '    "Effect" : "Allow",', '    "Principal" : {', '      "AWS" : "arn:aws:iam::123456789012:root"', '    },', '    "Action" : "kms:*",',
      '    "Resource" : "*"', '  } ]', '}',
    ].join('\n'));
    const managed = awsManagedKeyPolicy(scope, 'alias/aws/ssm');
    for (const doc of [policy, managed]) parsePolicy(doc, 'resource');
    assert.deepEqual(JSON.parse(managed).Statement[0].Condition, { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } });
  });
});
