/** STS GetCallerIdentity through the SDK and the aws CLI, as Terraform and scripts call it. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);

describe('STS', () => {
  let berth: RunningBerth;
  before(async () => (berth = await startBerthProcess({ args: ['--account-id', '123456789012'] })));
  after(async () => berth.destroy());

  it('GetCallerIdentity names the account root for the root key (SDK)', async () => {
    const sts = new STSClient({ endpoint: berth.endpoint, region: 'eu-central-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual([out.UserId, out.Account, out.Arn], ['123456789012', '123456789012', 'arn:aws:iam::123456789012:root']);
  });

  it('aws sts get-caller-identity works unchanged', async () => {
    const { stdout } = await run('aws', ['--endpoint-url', berth.endpoint, 'sts', 'get-caller-identity', '--output', 'json'], { env: berth.cliEnv() });
    assert.equal(JSON.parse(stdout).Arn, 'arn:aws:iam::123456789012:root');
  });

  it('GetSessionToken gives the root temporary credentials that act as the root', async () => {
    const sts = new STSClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const out = await sts.send(new GetSessionTokenCommand({}));
    assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z0-9]{16}$/);
    const expiresInS = (out.Credentials!.Expiration!.getTime() - Date.now()) / 1000;
    assert.ok(expiresInS > 3500 && expiresInS <= 3600, `the root's sessions last an hour, got ${expiresInS} s`);
    const session = new STSClient({ endpoint: berth.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {
      accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken!,
    } });
    assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::123456789012:root');
    // Without MFA, GetSessionToken credentials cannot call IAM: AWS answers as for an unknown token.
    const iam = new IAMClient({ endpoint: berth.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: session.config.credentials });
    await assert.rejects(iam.send(new ListUsersCommand({})), { name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid' });
  });

  it('operations Berth does not serve yet answer 501 naming themselves', async () => {
    const sts = new STSClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const err = await sts.send(new GetFederationTokenCommand({ Name: 'fed' })).catch((e) => e);
    assert.equal(err.$metadata?.httpStatusCode, 501);
    assert.match(err.message, /Berth does not implement STS operation GetFederationToken yet/);
  });
});
