/** Repositories are per account and region, as in AWS: the API, their /v2/ names and the ECS image resolver. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { privateRepoId } from '../domain/records.js';
import { ACCOUNT, ecrHarness } from './ecr-test-support.js';
import { makeImageResolver } from '../domain/image-resolver.js';

const WEST = 'us-west-2';
const WEST_HOST = `${ACCOUNT}.dkr.ecr.${WEST}.amazonaws.com`;

describe('ECR repositories per region', () => {
  const h = ecrHarness();
  after(() => h.cleanup());

  it('creates the same name in two regions, each with its own ARN and a URI that reaches it', async () => {
    const east = (await h.call('CreateRepository', { repositoryName: 'tf/app' })).repository!;
    const west = (await h.call('CreateRepository', { repositoryName: 'tf/app' }, WEST)).repository!;
    assert.equal(east.repositoryArn, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/tf/app`);
    assert.equal(west.repositoryArn, `arn:aws:ecr:${WEST}:${ACCOUNT}:repository/tf/app`);
    assert.equal(east.repositoryUri, 'localhost:4566/tf/app');
    assert.equal(west.repositoryUri, `localhost:4566/${WEST_HOST}/tf/app`);
    await assert.rejects(h.call('CreateRepository', { repositoryName: 'tf/app' }, WEST), { code: 'RepositoryAlreadyExistsException' });
    const listed = await h.call('DescribeRepositories', {}, WEST);
    assert.deepEqual(listed.repositories?.map((r) => r.repositoryArn), [west.repositoryArn]);
    await assert.rejects(h.call('DescribeRepositories', { repositoryNames: ['tf/app'] }, 'eu-west-1'), { code: 'RepositoryNotFoundException' });
  });

  it('keeps images, policies, lifecycle policies and tags apart', async () => {
    await h.pushImage(privateRepoId(WEST, ACCOUNT, 'tf/app'), 'v1', Buffer.from('west layer'));
    assert.equal((await h.call('ListImages', { repositoryName: 'tf/app' }, WEST)).imageIds?.length, 1);
    assert.equal((await h.call('ListImages', { repositoryName: 'tf/app' })).imageIds?.length, 0);
    const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] });
    await h.call('SetRepositoryPolicy', { repositoryName: 'tf/app', policyText }, WEST);
    await assert.rejects(h.call('GetRepositoryPolicy', { repositoryName: 'tf/app' }), { code: 'RepositoryPolicyNotFoundException' });
    const lifecyclePolicyText = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] });
    await h.call('PutLifecyclePolicy', { repositoryName: 'tf/app', lifecyclePolicyText }, WEST);
    await assert.rejects(h.call('GetLifecyclePolicy', { repositoryName: 'tf/app' }), { code: 'LifecyclePolicyNotFoundException' });
    const arn = `arn:aws:ecr:${WEST}:${ACCOUNT}:repository/tf/app`;
    await h.call('TagResource', { resourceArn: arn, tags: [{ Key: 'team', Value: 'west' }] }, WEST);
    assert.deepEqual((await h.call('ListTagsForResource', { resourceArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/tf/app` })).tags, []);
    await assert.rejects(h.call('ListTagsForResource', { resourceArn: arn }), { code: 'RepositoryNotFoundException' });
  });

  it('signs download URLs for the region\'s /v2/ name', async () => {
    const { imageDetails = [] } = await h.call('DescribeImages', { repositoryName: 'tf/app' }, WEST);
    const { images = [] } = await h.call('BatchGetImage', { repositoryName: 'tf/app', imageIds: [{ imageDigest: imageDetails[0].imageDigest }] }, WEST);
    const manifest: { layers: { digest: string }[] } = JSON.parse(images[0].imageManifest!);
    const { downloadUrl = '' } = await h.call('GetDownloadUrlForLayer', { repositoryName: 'tf/app', layerDigest: manifest.layers[0].digest }, WEST);
    assert.ok(downloadUrl.startsWith(`http://localhost:4566/v2/${WEST_HOST}/tf/app/blobs/`), downloadUrl);
  });

  it('resolves ECS images in AWS form to their region\'s repository', async () => {
    const resolve = makeImageResolver(h.deps, 4566);
    assert.equal((await resolve(`${WEST_HOST}/tf/app:v1`))!.ref, `localhost:4566/${WEST_HOST}/tf/app:v1`);
    assert.equal((await resolve(`localhost:4566/${WEST_HOST}/tf/app:v1`))!.ref, `localhost:4566/${WEST_HOST}/tf/app:v1`);
    await assert.rejects(resolve(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/tf/app:v1`), /not found/);
    await assert.rejects(resolve('localhost:4566/tf/app:v1'), /not found/);
    assert.equal(await resolve('111111111111.dkr.ecr.us-west-2.amazonaws.com/tf/app:v1'), undefined, 'another account\'s registry is AWS\'s');
  });

  it('deletes one region\'s repository and leaves the other', async () => {
    await h.call('DeleteRepository', { repositoryName: 'tf/app', force: true }, WEST);
    assert.equal((await h.call('DescribeRepositories', { repositoryNames: ['tf/app'] })).repositories?.length, 1);
    await assert.rejects(h.call('DescribeRepositories', { repositoryNames: ['tf/app'] }, WEST), { code: 'RepositoryNotFoundException' });
  });
});
