import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonKeyValue, parseValueFrom, SecretRefError } from './secret-refs.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

describe('parseValueFrom', () => {
  const cases: [string, string, object][] = [
    ['a parameter name with a slash', '/app/db/password', { kind: 'ssm', nameOrArn: '/app/db/password', arn: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db/password', region: 'us-east-1' }],
    ['a parameter name without a slash', 'token', { kind: 'ssm', arn: 'arn:aws:ssm:us-east-1:123456789012:parameter/token' }],
    ['a parameter ARN of another Region', 'arn:aws:ssm:eu-west-1:123456789012:parameter/x', { kind: 'ssm', arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/x', region: 'eu-west-1' }],
    ['a whole secret', SECRET, { kind: 'secretsmanager', secretId: SECRET, region: 'us-east-1' }],
    ['a json key of the current version', `${SECRET}:username::`, { kind: 'secretsmanager', secretId: SECRET, jsonKey: 'username' }],
    ['a json key of a stage', `${SECRET}:password:AWSPREVIOUS:`, { secretId: SECRET, jsonKey: 'password', versionStage: 'AWSPREVIOUS' }],
    ['a version id, whole secret', `${SECRET}:::0123-abcd`, { secretId: SECRET, versionId: '0123-abcd' }],
  ];
  for (const [name, valueFrom, expected] of cases) {
    it(name, () => {
      const ref = parseValueFrom(valueFrom, scope) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(expected)) assert.equal(ref[k], v, k);
    });
  }

  const bad: [string, string][] = [
    ['an empty value', ''],
    ['a secret with only a json key', `${SECRET}:username`],
    ['a stage and a version id together', `${SECRET}:k:AWSCURRENT:0123`],
    ['an ARN of another service', 'arn:aws:s3:::bucket/key'],
    ['an SSM ARN that is not a parameter', 'arn:aws:ssm:us-east-1:123456789012:document/x'],
  ];
  for (const [name, valueFrom] of bad) {
    it(`refuses ${name}`, () => assert.throws(() => parseValueFrom(valueFrom, scope), SecretRefError));
  }
});

describe('jsonKeyValue', () => {
  it('reads a string key', () => assert.equal(jsonKeyValue('{"user":"app","n":3}', 'user', SECRET), 'app'));
  it('gives other values as JSON', () => assert.equal(jsonKeyValue('{"n":3,"o":{"a":1}}', 'o', SECRET), '{"a":1}'));
  it('names a missing key, not the value', () => {
    assert.throws(() => jsonKeyValue('{"user":"s3cr3t"}', 'password', SECRET), (e: Error) => e.message.includes('password') && !e.message.includes('s3cr3t'));
  });
  it('refuses a secret that is not JSON without echoing it', () => {
    assert.throws(() => jsonKeyValue('s3cr3t', 'k', SECRET), (e: Error) => !e.message.includes('s3cr3t'));
  });
  it('does not read inherited keys', () => assert.throws(() => jsonKeyValue('{}', 'toString', SECRET), SecretRefError));
});
