/**
 * IAM on every call, end to end with the official SDKs: a user's policies decide what it
 * may do on which resources, an explicit deny beats an allow, a role's trust policy
 * decides who may assume it, temporary credentials work only with their session token,
 * and the audit mode logs instead of refusing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateClusterCommand, DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function userWithPolicy(berth: RunningBerth, name: string, document: string): Promise<Keys> {
  const iam = new IAMClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'access', PolicyDocument: document }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

const ecsAs = (berth: RunningBerth, credentials: Keys) => new ECSClient({ endpoint: berth.endpoint, region: REGION, credentials, maxAttempts: 1 });
const stsAs = (berth: RunningBerth, credentials: Keys) => new STSClient({ endpoint: berth.endpoint, region: REGION, credentials, maxAttempts: 1 });

describe('IAM authorization, enforced', () => {
  let berth: RunningBerth;
  let alice: Keys;
  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false'] });
    const root = ecsAs(berth, TEST_CREDENTIALS);
    for (const clusterName of ['prod', 'dev']) await root.send(new CreateClusterCommand({ clusterName }));
    alice = await userWithPolicy(berth, 'alice', policy([
      { Effect: 'Allow', Action: ['ecs:ListClusters', 'ecs:DescribeClusters', 'ecs:DeleteCluster'], Resource: '*' },
      { Effect: 'Deny', Action: 'ecs:DescribeClusters', Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/dev` },
      { Effect: 'Deny', Action: 'ecs:DeleteCluster', Resource: '*' },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
    ]));
  });
  after(async () => berth.destroy());

  it('allows what the user’s policy allows, and GetCallerIdentity names the user', async () => {
    const arns = (await ecsAs(berth, alice).send(new ListClustersCommand({}))).clusterArns ?? [];
    assert.equal(arns.length, 2);
    const prod = await ecsAs(berth, alice).send(new DescribeClustersCommand({ clusters: ['prod'] }));
    assert.equal(prod.clusters?.[0]?.clusterName, 'prod');
    const me = await stsAs(berth, alice).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    assert.match(me.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
  });

  it('refuses with AccessDeniedException naming the principal, action and resource; explicit deny beats allow', async () => {
    const dev = await ecsAs(berth, alice).send(new DescribeClustersCommand({ clusters: ['dev'] })).catch((e) => e);
    assert.equal(dev.name, 'AccessDeniedException');
    assert.equal(dev.message, `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: ecs:DescribeClusters on resource: arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/dev with an explicit deny in an identity-based policy`);
    const create = await ecsAs(berth, alice).send(new CreateClusterCommand({ clusterName: 'x' })).catch((e) => e);
    assert.equal(create.message, `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: ecs:CreateCluster on resource: arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/x because no identity-based policy allows the ecs:CreateCluster action`);
  });

  it('lets a user assume a role whose trust policy names it, with the role’s permissions only', async () => {
    const iam = new IAMClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const trust = policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'sts:AssumeRole' }]);
    await iam.send(new CreateRoleCommand({ RoleName: 'creator', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'creator', PolicyArn: 'arn:aws:iam::aws:policy/AmazonECS_FullAccess' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'nobody', AssumeRolePolicyDocument: policy([{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }]) }));

    const out = await stsAs(berth, alice).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/creator`, RoleSessionName: 'build-7' }));
    const session: Keys = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    assert.match(session.accessKeyId, /^ASIA/);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/creator/build-7`);
    assert.equal((await stsAs(berth, session).send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser?.Arn);
    await ecsAs(berth, session).send(new CreateClusterCommand({ clusterName: 'made-by-role' }));

    const tokenless = await ecsAs(berth, { ...session, sessionToken: undefined }).send(new ListClustersCommand({})).catch((e) => e);
    assert.equal(tokenless.name, 'UnrecognizedClientException');
    const refused = await stsAs(berth, alice).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/nobody`, RoleSessionName: 'someone' })).catch((e) => e);
    assert.equal(refused.name, 'AccessDenied');
    assert.equal(refused.$metadata.httpStatusCode, 403);
  });

  it('refuses AssumeRole by the account root, and GetSessionToken with session credentials', async () => {
    const root = await stsAs(berth, TEST_CREDENTIALS).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/creator`, RoleSessionName: 'someone' })).catch((e) => e);
    assert.equal(root.message, 'Roles may not be assumed by root accounts.');
    const token = await stsAs(berth, alice).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const session = { accessKeyId: token.Credentials!.AccessKeyId!, secretAccessKey: token.Credentials!.SecretAccessKey!, sessionToken: token.Credentials!.SessionToken! };
    assert.equal((await stsAs(berth, session).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    const again = await stsAs(berth, session).send(new GetSessionTokenCommand({})).catch((e) => e);
    assert.equal(again.name, 'AccessDenied');
  });
});

describe('IAM authorization, audit mode', () => {
  let berth: RunningBerth;
  before(async () => (berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false', '--iam-enforcement', 'log'] })));
  after(async () => berth.destroy());

  it('allows what the policies would refuse and logs it', async () => {
    const bob = await userWithPolicy(berth, 'bob', policy([{ Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*' }]));
    await ecsAs(berth, bob).send(new CreateClusterCommand({ clusterName: 'audited' }));
    // The warning is written before the reply, so it is in the output once the call returned.
    assert.match(berth.output(), /authorization would deny .*user\/bob action=ecs:CreateCluster/);
  });
});
