/**
 * ECR governed by IAM, with the official SDKs and plain /v2/ requests: the repository policy
 * takes part in the ECR API's authorization (an explicit Deny beats an identity Allow, an
 * Allow alone lets a user of the account in, other accounts' principals are kept and name
 * no one here, the lock-out guard), and every registry request is authorized for the
 * principal its token names, at request time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import {
  CreateRepositoryCommand, DeleteRepositoryPolicyCommand, DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient, GetAuthorizationTokenCommand,
  GetRepositoryPolicyCommand, ListImagesCommand, SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { createUser, iamRoot, Keys, policyDocument, refusal, removePolicy } from '../support/iam-users.js';
import { OCI_MANIFEST, RegistryClient } from '../support/registry-client.js';

const ACCOUNT = '123456789012';
const REPO = 'iam/shared';
const REPO_ARN = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${REPO}`;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const TOKEN = { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' };

const ecrAs = (berth: RunningBerth, credentials: Keys) => new ECRClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

/** A /v2/ client logged in with the ECR token GetAuthorizationToken gives `credentials`. */
async function registryAs(berth: RunningBerth, credentials: Keys): Promise<RegistryClient> {
  const out = await ecrAs(berth, credentials).send(new GetAuthorizationTokenCommand({}));
  return new RegistryClient(berth.endpoint, `Basic ${out.authorizationData![0].authorizationToken}`);
}

async function denial(res: Response): Promise<[number, { code: string; message: string }]> {
  const body = (await res.json()) as { errors: { code: string; message: string }[] };
  return [res.status, body.errors[0]];
}

describe('ECR API authorization with repository policies', () => {
  let berth: RunningBerth;
  let root: ECRClient;
  let dave: Keys;
  let erin: Keys;
  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false'] });
    root = ecrAs(berth, TEST_CREDENTIALS);
    await root.send(new CreateRepositoryCommand({ repositoryName: REPO }));
    dave = await createUser(berth, 'dave');
    erin = await createUser(berth, 'erin', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' });
  });
  after(async () => berth?.destroy());

  it('lets a repository policy alone grant a user of the account what it names, and nothing else', async () => {
    assert.equal(await refusal(ecrAs(berth, dave).send(new ListImagesCommand({ repositoryName: REPO }))),
      `AccessDeniedException: User: ${userArn('dave')} is not authorized to perform: ecr:ListImages on resource: ${REPO_ARN} because no identity-based policy allows the ecr:ListImages action`);
    const grant = policyDocument({ Sid: 'dave reads', Effect: 'Allow', Principal: { AWS: userArn('dave') }, Action: ['ecr:ListImages', 'ecr:DescribeImages'] });
    await root.send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: grant }));
    assert.deepEqual((await ecrAs(berth, dave).send(new ListImagesCommand({ repositoryName: REPO }))).imageIds, []);
    assert.deepEqual((await ecrAs(berth, dave).send(new DescribeImagesCommand({ repositoryName: REPO }))).imageDetails, []);
    assert.match(await refusal(ecrAs(berth, dave).send(new DescribeRepositoriesCommand({ repositoryNames: [REPO] }))), /^AccessDeniedException: .* ecr:DescribeRepositories/);
  });

  it('lets an explicit Deny in the repository policy beat an identity Allow', async () => {
    assert.deepEqual((await ecrAs(berth, erin).send(new DescribeImagesCommand({ repositoryName: REPO }))).imageDetails, []);
    const deny = policyDocument({ Effect: 'Deny', Principal: { AWS: userArn('erin') }, Action: 'ecr:DescribeImages' });
    await root.send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: deny }));
    assert.equal(await refusal(ecrAs(berth, erin).send(new DescribeImagesCommand({ repositoryName: REPO }))),
      `AccessDeniedException: User: ${userArn('erin')} is not authorized to perform: ecr:DescribeImages on resource: ${REPO_ARN} with an explicit deny in a resource-based policy`);
    assert.deepEqual((await ecrAs(berth, erin).send(new ListImagesCommand({ repositoryName: REPO }))).imageIds, []);
  });

  it('keeps principals of other accounts, which name no one of this account', async () => {
    const crossAccount = policyDocument({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root', '777788889999', 'arn:aws:iam::444455556666:user/ops'] }, Action: ['ecr:BatchGetImage', 'ecr:ListImages'] });
    await root.send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: crossAccount }));
    assert.equal((await root.send(new GetRepositoryPolicyCommand({ repositoryName: REPO }))).policyText, crossAccount);
    assert.match(await refusal(ecrAs(berth, dave).send(new ListImagesCommand({ repositoryName: REPO }))), /^AccessDeniedException: /);
  });

  it('validates policies with IAM\'s grammar and guards the caller against locking itself out', async () => {
    const badPrincipal = policyDocument({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'ecr:*' });
    assert.match(await refusal(root.send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: badPrincipal }))), /^InvalidParameterException: .*Invalid repository policy provided/);
    const lockOut = policyDocument({ Effect: 'Deny', Principal: { AWS: userArn('erin') }, Action: 'ecr:SetRepositoryPolicy' });
    assert.match(await refusal(ecrAs(berth, erin).send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: lockOut }))),
      /^InvalidParameterException: .*The policy would prevent the caller from calling SetRepositoryPolicy in the future/);
    await ecrAs(berth, erin).send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: lockOut, force: true }));
    assert.match(await refusal(ecrAs(berth, erin).send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: lockOut, force: true }))), /with an explicit deny in a resource-based policy$/);
    assert.equal((await root.send(new DeleteRepositoryPolicyCommand({ repositoryName: REPO }))).policyText, lockOut, 'the root is not locked out');
  });
});

describe('registry requests authorized by IAM', () => {
  let berth: RunningBerth;
  let rootRegistry: RegistryClient;
  let reader: Keys;
  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false'] });
    await ecrAs(berth, TEST_CREDENTIALS).send(new CreateRepositoryCommand({ repositoryName: REPO }));
    rootRegistry = await registryAs(berth, TEST_CREDENTIALS);
    await rootRegistry.pushImage(REPO, 'v1', ['a layer']);
    reader = await createUser(berth, 'reader', TOKEN, { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: REPO_ARN });
  });
  after(async () => berth?.destroy());

  const manifest = (client: RegistryClient) => client.fetch(`/v2/${REPO}/manifests/v1`, { headers: { accept: OCI_MANIFEST } });

  it('answers a refusal 403 DENIED naming the principal, action and repository as AWS does', async () => {
    const client = await registryAs(berth, reader);
    assert.equal((await manifest(client)).status, 200);
    assert.deepEqual(await denial(await client.fetch(`/v2/${REPO}/blobs/uploads/`, { method: 'POST' })), [403, {
      code: 'DENIED', detail: null,
      message: `User: ${userArn('reader')} is not authorized to perform: ecr:InitiateLayerUpload on resource: ${REPO_ARN} because no identity-based policy allows the ecr:InitiateLayerUpload action`,
    }]);
    const stranger = await registryAs(berth, await createUser(berth, 'stranger', TOKEN));
    assert.deepEqual(await denial(await manifest(stranger)), [403, {
      code: 'DENIED', detail: null,
      message: `User: ${userArn('stranger')} is not authorized to perform: ecr:BatchGetImage on resource: ${REPO_ARN} because no identity-based policy allows the ecr:BatchGetImage action`,
    }]);
    assert.equal((await stranger.fetch('/v2/nosuch/manifests/v1')).status, 403, 'authorized before a missing repository is told');
    assert.equal((await rootRegistry.fetch('/v2/nosuch/manifests/v1')).status, 404);
  });

  it('maps each /v2/ call to its action: a manifest allowed, its layers refused', async () => {
    const manifestOnly = await registryAs(berth, await createUser(berth, 'manifests', TOKEN, { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: REPO_ARN }));
    const res = await manifest(manifestOnly);
    assert.equal(res.status, 200);
    const { layers } = (await res.json()) as { layers: { digest: string }[] };
    const [status, error] = await denial(await manifestOnly.fetch(`/v2/${REPO}/blobs/${layers[0].digest}`));
    assert.deepEqual([status, error.message], [403, `User: ${userArn('manifests')} is not authorized to perform: ecr:GetDownloadUrlForLayer on resource: ${REPO_ARN} because no identity-based policy allows the ecr:GetDownloadUrlForLayer action`]);
    assert.match((await denial(await manifestOnly.fetch(`/v2/${REPO}/tags/list`)))[1].message, /ecr:ListImages/);
    assert.equal((await manifestOnly.fetch(`/v2/${REPO}/blobs/${layers[0].digest}`, { method: 'HEAD' })).status, 403, 'BatchCheckLayerAvailability');
  });

  it('gives Bearer tokens only the accesses IAM allows some operation of, and checks each request anyway', async () => {
    const token = await (await registryAs(berth, reader)).bearerToken(`repository:${REPO}:pull,push`);
    assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).access, [{ type: 'repository', name: REPO, actions: ['pull'] }]);
    const bearer = new RegistryClient(berth.endpoint, `Bearer ${token}`);
    assert.equal((await manifest(bearer)).status, 200);
    assert.equal((await bearer.fetch(`/v2/${REPO}/blobs/uploads/`, { method: 'POST' })).status, 403, 'IAM refuses before the missing scope would');
  });

  it('ends access the moment the policy goes, and refuses a token whose key is inactive', async () => {
    const fleeting = await createUser(berth, 'fleeting', TOKEN, { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' });
    const client = await registryAs(berth, fleeting);
    const bearer = new RegistryClient(berth.endpoint, `Bearer ${await client.bearerToken(`repository:${REPO}:pull`)}`);
    assert.equal((await manifest(client)).status, 200);
    await removePolicy(berth, 'fleeting');
    assert.equal((await manifest(client)).status, 403);
    assert.equal((await manifest(bearer)).status, 403, 'a Bearer token issued before the change too');
    await iamRoot(berth).send(new UpdateAccessKeyCommand({ UserName: 'fleeting', AccessKeyId: fleeting.accessKeyId, Status: 'Inactive' }));
    const gone = await manifest(client);
    assert.deepEqual([gone.status, (await denial(gone))[1].message], [401, 'Your authorization token is invalid or has expired.']);
  });

  it('lists in the catalog only the repositories the caller may describe', async () => {
    await ecrAs(berth, TEST_CREDENTIALS).send(new CreateRepositoryCommand({ repositoryName: 'iam/hidden' }));
    const describer = await registryAs(berth, await createUser(berth, 'describer', TOKEN, { Effect: 'Allow', Action: 'ecr:DescribeRepositories', Resource: REPO_ARN }));
    assert.deepEqual(await (await describer.fetch('/v2/_catalog')).json(), { repositories: [REPO] });
    assert.deepEqual(await (await rootRegistry.fetch('/v2/_catalog')).json(), { repositories: ['iam/hidden', REPO] });
  });

  it('lets the root do anything its repository policy does not deny', async () => {
    const denyRootPush = policyDocument({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'ecr:PutImage' });
    await ecrAs(berth, TEST_CREDENTIALS).send(new SetRepositoryPolicyCommand({ repositoryName: REPO, policyText: denyRootPush }));
    assert.equal((await manifest(rootRegistry)).status, 200);
    await assert.rejects(rootRegistry.pushImage(REPO, 'v2', ['another layer']), /PUT manifest: 403 .*ecr:PutImage on resource: .* with an explicit deny in a resource-based policy/);
  });
});
