/**
 * The docker CLI against a registry governed by IAM: each user logs in with its own
 * GetAuthorizationToken password (its own DOCKER_CONFIG), and docker push and pull are
 * allowed or refused by that user's policies and the repository policy, with the denial
 * docker prints for ECR ("denied: User: … is not authorized to perform: ecr:…"). The root
 * keeps full access; a policy removed after login ends access at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateRepositoryCommand, ECRClient, GetAuthorizationTokenCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { createUser, Keys, policyDocument, removePolicy } from '../support/iam-users.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';
const REPO = 'iam/app';
const REPO_ARN = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${REPO}`;
const TOKEN = { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' };
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const PUSH = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchCheckLayerAvailability'];

type Docker = (...args: string[]) => Promise<string>;

/** What docker printed when it failed. */
async function dockerFailure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
  throw new Error('docker succeeded');
}

const denied = (user: string, action: string, why: string) =>
  new RegExp(`denied: User: arn:aws:iam::${ACCOUNT}:${user} is not authorized to perform: ${action} on resource: ${REPO_ARN.replace(/\//g, '\\/')} ${why}`);

describe('docker push and pull governed by IAM', () => {
  let berth: RunningBerth;
  let host: string;
  const configs: string[] = [];
  const suffix = Math.random().toString(36).slice(2, 8);
  const source = `berth-test/ecr-iam-${suffix}:1`;
  const local: string[] = [];

  /** docker with its own config, logged in to Berth's registry as the holder of `credentials`. */
  async function dockerAs(credentials: Keys): Promise<Docker> {
    const config = mkdtempSync(join(tmpdir(), 'berth-docker-iam-'));
    configs.push(config);
    const ecr = new ECRClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData![0].authorizationToken!;
    const password = Buffer.from(token, 'base64').toString('utf8').slice('AWS:'.length);
    await run('bash', ['-c', `printf %s "$PW" | docker --config "$CONFIG" login --username AWS --password-stdin ${host}`], { env: { ...process.env, PW: password, CONFIG: config } });
    return async (...args: string[]) => (await run('docker', ['--config', config, ...args])).stdout.trim();
  }

  /** Removes the image locally (and the busybox source it was tagged from), so a pull must download its layers. */
  async function forget(...refs: string[]): Promise<void> {
    await run('docker', ['rmi', '-f', ...refs, source]).catch(() => undefined);
  }

  let root: Docker;
  let image: string;
  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false'] });
    host = `localhost:${new URL(berth.endpoint).port}`;
    image = `${host}/${REPO}:v1`;
    local.push(image, `${host}/${REPO}:pushed`, source);
    await new ECRClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }).send(new CreateRepositoryCommand({ repositoryName: REPO }));
    root = await dockerAs(TEST_CREDENTIALS);
  });

  after(async () => {
    await run('docker', ['rmi', '-f', ...local]).catch(() => undefined);
    await berth?.destroy();
    for (const config of configs) rmSync(config, { recursive: true, force: true });
  });

  it('lets the root push and pull', async () => {
    await ensureBusyboxImage(source);
    await root('tag', source, image);
    await root('push', image);
    await forget(image);
    await root('pull', image);
  });

  it('lets a user with the push permissions push, and refuses one with pull permissions only', async () => {
    const pusher = await dockerAs(await createUser(berth, 'pusher', TOKEN, { Effect: 'Allow', Action: [...PUSH, ...PULL], Resource: REPO_ARN }));
    const puller = await dockerAs(await createUser(berth, 'puller', TOKEN, { Effect: 'Allow', Action: PULL, Resource: REPO_ARN }));
    const pushed = `${host}/${REPO}:pushed`;
    await ensureBusyboxImage(source);
    await pusher('tag', source, pushed);
    await pusher('push', pushed);
    assert.match(await dockerFailure(puller('push', pushed)), denied('user/puller', 'ecr:\\w+', 'because no identity-based policy allows the ecr:\\w+ action'));
  });

  it('lets a user with the pull permissions pull, downloading the layers, and refuses a user without them', async () => {
    const puller = await dockerAs(await createUser(berth, 'reader', TOKEN, { Effect: 'Allow', Action: PULL, Resource: REPO_ARN }));
    const stranger = await dockerAs(await createUser(berth, 'stranger', TOKEN));
    await forget(image);
    await puller('pull', image);
    assert.equal(await puller('run', '--rm', image, 'echo', 'pulled'), 'pulled');
    await forget(image);
    assert.match(await dockerFailure(stranger('pull', image)), denied('user/stranger', 'ecr:BatchGetImage', 'because no identity-based policy allows the ecr:BatchGetImage action'));
  });

  it('ends a user\'s access the moment its policy is removed, though its login stays', async () => {
    const fleeting = await dockerAs(await createUser(berth, 'fleeting', TOKEN, { Effect: 'Allow', Action: PULL, Resource: '*' }));
    await fleeting('pull', image);
    await forget(image);
    await removePolicy(berth, 'fleeting');
    assert.match(await dockerFailure(fleeting('pull', image)), denied('user/fleeting', 'ecr:BatchGetImage', 'because no identity-based policy allows'));
  });

  it('obeys the repository policy: its Deny beats an identity Allow, its Allow alone lets a user pull', async () => {
    const admin = await dockerAs(await createUser(berth, 'admin', TOKEN, { Effect: 'Allow', Action: 'ecr:*', Resource: '*' }));
    const guest = await dockerAs(await createUser(berth, 'guest', TOKEN));
    const policyText = policyDocument(
      { Sid: 'guest pulls', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/guest` }, Action: PULL },
      { Sid: 'not admin', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/admin` }, Action: 'ecr:BatchGetImage' },
    );
    await new ECRClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }).send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText }));
    await forget(image);
    assert.match(await dockerFailure(admin('pull', image)), denied('user/admin', 'ecr:BatchGetImage', 'with an explicit deny in a resource-based policy'));
    await guest('pull', image);
    await forget(image);
    await root('pull', image);
  });
});
