/**
 * SecureString reads need kms:Decrypt, as in AWS: with WithDecryption, SSM decrypts as the
 * caller, and KMS decides with the key policy and the caller's IAM policies (kms:ViaService
 * ssm). The AWS managed key alias/aws/ssm lets every principal of the account decrypt
 * through SSM; a customer key whose policy delegates to the account needs the caller's own
 * kms:Decrypt; a key policy naming the caller suffices alone; an explicit Deny wins. A KMS
 * refusal is SSM's AccessDeniedException carrying KMS's message.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetParameterCommand, GetParameterHistoryCommand, GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { createUser, Keys, policyDocument, refusal } from '../support/iam-users.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const SECRET = 'correct-horse-battery-staple';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const parameterArn = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
const SSM_READ = { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:GetParameterHistory'], Resource: '*' };

const ssmAs = (berth: RunningBerth, credentials: Keys) => new SSMClient({ endpoint: berth.endpoint, region: REGION, credentials, maxAttempts: 1 });
const kmsDenial = (user: string, keyArn: string, why: string) =>
  new RegExp(`^AccessDeniedException: User: ${userArn(user)} is not authorized to perform: kms:Decrypt on resource: ${keyArn} ${why} \\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: \\S+; Proxy: null\\)$`);

describe('SSM SecureString reads authorized by KMS', () => {
  let berth: RunningBerth;
  let root: SSMClient;
  let kms: KMSClient;
  let delegating: string;
  let naming: string;
  let keyuser: Keys;

  const secureString = async (Name: string, KeyId?: string) => root.send(new PutParameterCommand({ Name, Value: SECRET, Type: 'SecureString', ...(KeyId ? { KeyId } : {}) }));
  const read = (client: SSMClient, Name: string) => client.send(new GetParameterCommand({ Name, WithDecryption: true })).then((o) => o.Parameter?.Value);

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false'] });
    root = ssmAs(berth, TEST_CREDENTIALS);
    kms = new KMSClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    delegating = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const keyPolicy = policyDocument(
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Sid: 'keyuser decrypts', Effect: 'Allow', Principal: { AWS: userArn('keyuser') }, Action: 'kms:Decrypt', Resource: '*' },
      { Sid: 'never banned', Effect: 'Deny', Principal: { AWS: userArn('banned') }, Action: 'kms:Decrypt', Resource: '*' },
    );
    keyuser = await createUser(berth, 'keyuser', SSM_READ);
    naming = (await kms.send(new CreateKeyCommand({ Policy: keyPolicy }))).KeyMetadata!.Arn!;
    await secureString('/app/default');
    await secureString('/app/customer', delegating);
    await secureString('/named/secret', naming);
  });
  after(async () => berth?.destroy());

  it('lets any principal of the account decrypt through SSM under alias/aws/ssm, and the root under any key', async () => {
    const reader = ssmAs(berth, await createUser(berth, 'reader', SSM_READ));
    assert.equal(await read(reader, '/app/default'), SECRET);
    assert.equal(await read(root, '/app/customer'), SECRET);
    assert.equal(await read(root, '/named/secret'), SECRET);
  });

  it('refuses the caller of a customer key without kms:Decrypt, on every read WithDecryption, and only then', async () => {
    const reader = ssmAs(berth, await createUser(berth, 'plain', SSM_READ));
    const why = 'because no identity-based policy allows the kms:Decrypt action';
    assert.match(await refusal(read(reader, '/app/customer')), kmsDenial('plain', delegating, why));
    assert.match(await refusal(reader.send(new GetParametersCommand({ Names: ['/app/customer', '/app/default'], WithDecryption: true }))), kmsDenial('plain', delegating, why));
    assert.match(await refusal(reader.send(new GetParametersByPathCommand({ Path: '/app', WithDecryption: true }))), kmsDenial('plain', delegating, why));
    assert.match(await refusal(reader.send(new GetParameterHistoryCommand({ Name: '/app/customer', WithDecryption: true }))), kmsDenial('plain', delegating, why));
    const hidden = (await reader.send(new GetParameterCommand({ Name: '/app/customer' }))).Parameter?.Value;
    assert.ok(hidden && hidden !== SECRET, 'the ciphertext needs no kms:Decrypt');
  });

  it('allows kms:Decrypt granted by the caller\'s policy, conditions on the encryption context and kms:ViaService included', async () => {
    const scoped = ssmAs(berth, await createUser(berth, 'scoped', SSM_READ, {
      Effect: 'Allow', Action: 'kms:Decrypt', Resource: delegating,
      Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': parameterArn('/app/customer'), 'kms:ViaService': `ssm.${REGION}.amazonaws.com` } },
    }));
    assert.equal(await read(scoped, '/app/customer'), SECRET);
    await secureString('/app/other', delegating);
    assert.match(await refusal(read(scoped, '/app/other')), kmsDenial('scoped', delegating, 'because no identity-based policy allows the kms:Decrypt action'));
  });

  it('lets a key policy naming the caller grant alone, and its Deny or an identity Deny win', async () => {
    assert.equal(await read(ssmAs(berth, keyuser), '/named/secret'), SECRET);
    const banned = ssmAs(berth, await createUser(berth, 'banned', SSM_READ, { Effect: 'Allow', Action: 'kms:*', Resource: '*' }));
    assert.match(await refusal(read(banned, '/named/secret')), kmsDenial('banned', naming, 'with an explicit deny in a resource-based policy'));
    const refuser = ssmAs(berth, await createUser(berth, 'refuser', SSM_READ, { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }));
    const managed = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata!.Arn!;
    assert.match(await refusal(read(refuser, '/app/default')), kmsDenial('refuser', managed, 'with an explicit deny in an identity-based policy'));
  });
});
