/**
 * `--tls`: the edge answers HTTPS with a certificate from the data dir's private CA. An SDK
 * and the aws CLI trusting that root call it, plain HTTP is no longer answered, and IAM
 * sees aws:SecureTransport as true.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);

describe('the edge over HTTPS (--tls)', () => {
  let berth: RunningBerth;
  let caFile: string;
  let handler: NodeHttpHandler;
  const client = <T>(make: new (c: object) => T, credentials: object = TEST_CREDENTIALS) =>
    new make({ endpoint: berth.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handler });

  before(async () => {
    berth = await startBerthProcess({ args: ['--tls'] });
    caFile = join(berth.dataDir, 'ca', 'berth-root-ca.pem');
    handler = new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(caFile) }) });
  });
  after(async () => berth?.destroy());

  it('names an https endpoint for localhost', () => assert.match(berth.endpoint, /^https:\/\/localhost:\d+$/));

  it('an SDK that trusts the private CA calls it', async () => {
    const who = await client(STSClient).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, 'arn:aws:iam::000000000000:root');
  });

  it('the aws CLI calls it with --ca-bundle, and refuses it without', async () => {
    const args = ['--endpoint-url', berth.endpoint, '--region', 'us-east-1', '--output', 'json', 'sts', 'get-caller-identity'];
    const { stdout } = await run('aws', ['--ca-bundle', caFile, ...args], { env: berth.cliEnv() });
    assert.equal(JSON.parse(stdout).Account, '000000000000');
    await assert.rejects(run('aws', args, { env: berth.cliEnv() }), /SSL|certificate/i);
  });

  it('plain HTTP gets no answer', async () => {
    await assert.rejects(fetch(berth.endpoint.replace('https:', 'http:')));
  });

  it('policies see aws:SecureTransport as true', async () => {
    const iam = client(IAMClient);
    await iam.send(new CreateUserCommand({ UserName: 'tls-only' }));
    await iam.send(new PutUserPolicyCommand({
      UserName: 'tls-only', PolicyName: 'tls',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }),
    }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tls-only' }))).AccessKey!;
    const user = client(IAMClient, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const listed = await user.send(new ListUsersCommand({}));
    assert.ok(listed.Users?.some((u) => u.UserName === 'tls-only'));
  });
});
