/** The ECR API through @aws-sdk/client-ecr against a real Berth: repositories, images, layers, policies, settings, errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchCheckLayerAvailabilityCommand, BatchDeleteImageCommand, BatchGetImageCommand, CompleteLayerUploadCommand, CreatePullThroughCacheRuleCommand,
  CreateRepositoryCommand, DeleteLifecyclePolicyCommand, DeleteRepositoryCommand, DeleteRepositoryPolicyCommand, DescribeImagesCommand,
  DescribeRegistryCommand, DescribeRepositoriesCommand, ECRClient, GetAuthorizationTokenCommand, GetDownloadUrlForLayerCommand,
  GetLifecyclePolicyCommand, GetRegistryScanningConfigurationCommand, GetRepositoryPolicyCommand, InitiateLayerUploadCommand, ListImagesCommand,
  ListTagsForResourceCommand, PutImageCommand, PutImageScanningConfigurationCommand, PutImageTagMutabilityCommand, PutLifecyclePolicyCommand,
  PutRegistryScanningConfigurationCommand, SetRepositoryPolicyCommand, TagResourceCommand, UntagResourceCommand, UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { digestOf, ecrClient, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST } from '../support/registry-client.js';

async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<any> {
  try {
    await p;
  } catch (e: any) {
    assert.equal(e.name, name, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected ${name}`);
}

describe('ECR API', () => {
  let berth: RunningBerth;
  let ecr: ECRClient;

  before(async () => {
    berth = await startBerthProcess();
    ecr = ecrClient(berth);
  });
  after(async () => berth?.destroy());

  /** Uploads through the layer API; returns the digest. */
  async function uploadLayer(repositoryName: string, content: string): Promise<string> {
    const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
    const blob = Buffer.from(content);
    await ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 0, partLastByte: blob.length - 1, layerPartBlob: blob }));
    const digest = digestOf(blob);
    await ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [digest] }));
    return digest;
  }

  async function imageManifest(repositoryName: string, layer: string): Promise<string> {
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', layer });
    const configDigest = await uploadLayer(repositoryName, config);
    const layerDigest = await uploadLayer(repositoryName, layer);
    return JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: configDigest, size: config.length },
      layers: [{ mediaType: OCI_LAYER, digest: layerDigest, size: layer.length }],
    });
  }

  it('creates, describes and refuses duplicate or unknown repositories with AWS\'s words', async () => {
    const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web', tags: [{ Key: 'env', Value: 'dev' }] }));
    assert.equal(repository!.repositoryArn, 'arn:aws:ecr:us-east-1:000000000000:repository/team/web');
    assert.equal(repository!.repositoryUri, `localhost:${new URL(berth.endpoint).port}/team/web`);
    assert.equal(repository!.imageTagMutability, 'MUTABLE');
    assert.deepEqual(repository!.encryptionConfiguration, { encryptionType: 'AES256' });
    await rejects(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web' })), 'RepositoryAlreadyExistsException',
      "The repository with name 'team/web' already exists in the registry with id '000000000000'");
    await rejects(ecr.send(new CreateRepositoryCommand({ repositoryName: 'Team' })), 'InvalidParameterException', /repositoryName/);
    await rejects(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] })), 'RepositoryNotFoundException',
      "The repository with name 'nope' does not exist in the registry with id '000000000000'");
    await rejects(ecrClient(berth, 'eu-west-1').send(new DescribeRepositoriesCommand({ repositoryNames: ['team/web'] })), 'RepositoryNotFoundException');
    for (const n of ['p1', 'p2', 'p3']) await ecr.send(new CreateRepositoryCommand({ repositoryName: n }));
    const page1 = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 2 }));
    const page2 = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 2, nextToken: page1.nextToken }));
    assert.deepEqual([...page1.repositories!, ...page2.repositories!].map((r) => r.repositoryName), ['p1', 'p2', 'p3', 'team/web']);
  });

  it('uploads layers with the layer API and reports part and digest errors', async () => {
    const repositoryName = 'team/web';
    const { uploadId, partSize } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
    assert.ok(partSize! > 0);
    const blob = Buffer.from('part one|part two');
    await ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 0, partLastByte: 8, layerPartBlob: blob.subarray(0, 9) }));
    const err = await rejects(ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 3, partLastByte: 10, layerPartBlob: blob.subarray(3, 11) })), 'InvalidLayerPartException');
    assert.equal(err.lastValidByteReceived, 8);
    const out = await ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 9, partLastByte: blob.length - 1, layerPartBlob: blob.subarray(9) }));
    assert.equal(out.lastByteReceived, blob.length - 1);
    await rejects(ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [digestOf('other')] })), 'InvalidLayerException');
    const digest = await uploadLayer(repositoryName, 'part one|part two');
    await rejects(uploadLayer(repositoryName, 'part one|part two'), 'LayerAlreadyExistsException');
    await rejects(ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId: '00000000-0000-0000-0000-000000000000', partFirstByte: 0, partLastByte: 0, layerPartBlob: Buffer.from('x') })), 'UploadNotFoundException');
    const check = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName, layerDigests: [digest, digestOf('missing'), 'bogus'] }));
    assert.deepEqual(check.layers!.map((l) => [l.layerAvailability, l.layerSize]), [['AVAILABLE', 17], ['UNAVAILABLE', undefined]]);
    assert.equal(check.failures![0].failureCode, 'InvalidLayerDigest');
  });

  it('puts images with AWS\'s errors and describes every field', async () => {
    const repositoryName = 'team/web';
    await rejects(ecr.send(new PutImageCommand({ repositoryName, imageTag: 'x', imageManifest: JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: digestOf('nope'), size: 4 }, layers: [] }) })), 'LayersNotFoundException');
    const manifest = await imageManifest(repositoryName, 'layer v1');
    await rejects(ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest, imageDigest: digestOf('different') })), 'ImageDigestDoesNotMatchException');
    const put = await ecr.send(new PutImageCommand({ repositoryName, imageTag: 'v1', imageManifest: manifest }));
    assert.equal(put.image!.imageId!.imageDigest, digestOf(manifest));
    assert.equal(put.image!.imageManifestMediaType, OCI_MANIFEST);
    await rejects(ecr.send(new PutImageCommand({ repositoryName, imageTag: 'v1', imageManifest: manifest })), 'ImageAlreadyExistsException');
    await ecr.send(new PutImageCommand({ repositoryName, imageTag: 'latest', imageManifest: manifest }));
    const untagged = await imageManifest(repositoryName, 'untagged layer');
    await ecr.send(new PutImageCommand({ repositoryName, imageManifest: untagged }));

    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] }));
    const d = imageDetails![0];
    assert.deepEqual(d.imageTags!.sort(), ['latest', 'v1']);
    assert.equal(d.registryId, '000000000000');
    assert.equal(d.imageSizeInBytes, JSON.stringify({ architecture: 'amd64', os: 'linux', layer: 'layer v1' }).length + 'layer v1'.length);
    assert.ok(d.imagePushedAt instanceof Date);
    assert.equal(d.imageManifestMediaType, OCI_MANIFEST);
    assert.equal(d.artifactMediaType, OCI_CONFIG);
    assert.equal(d.lastRecordedPullTime, undefined);
    await rejects(ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: 'nope' }] })), 'ImageNotFoundException',
      "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name 'team/web' in the registry with id '000000000000'");
    const tagged = await ecr.send(new DescribeImagesCommand({ repositoryName, filter: { tagStatus: 'TAGGED' } }));
    assert.equal(tagged.imageDetails!.length, 1);
    const onlyUntagged = await ecr.send(new ListImagesCommand({ repositoryName, filter: { tagStatus: 'UNTAGGED' } }));
    assert.deepEqual(onlyUntagged.imageIds, [{ imageDigest: digestOf(untagged) }]);
    const all = await ecr.send(new ListImagesCommand({ repositoryName }));
    assert.equal(all.imageIds!.length, 3);
    const p1 = await ecr.send(new DescribeImagesCommand({ repositoryName, maxResults: 1 }));
    const p2 = await ecr.send(new DescribeImagesCommand({ repositoryName, maxResults: 1, nextToken: p1.nextToken }));
    assert.notEqual(p1.imageDetails![0].imageDigest, p2.imageDetails![0].imageDigest);
    assert.equal(p2.nextToken, undefined);
  });

  it('gets images by accepted media type and records the pull', async () => {
    const repositoryName = 'team/web';
    const got = await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }, { imageTag: 'missing' }, {}] }));
    assert.equal(got.images!.length, 1);
    assert.equal(got.images![0].imageManifestMediaType, OCI_MANIFEST);
    assert.deepEqual(got.failures!.map((f) => f.failureCode), ['ImageNotFound', 'MissingDigestAndTag']);
    const docker = await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }], acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json'] }));
    assert.equal(docker.images![0].imageManifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    const byDigest = await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageDigest: got.images![0].imageId!.imageDigest }], acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json'] }));
    assert.equal(byDigest.images![0].imageManifestMediaType, OCI_MANIFEST, 'never converted by digest: answered as stored');
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] }));
    assert.ok(imageDetails![0].lastRecordedPullTime instanceof Date);
  });

  it('hands out a download URL that serves the layer without credentials', async () => {
    const repositoryName = 'team/web';
    const { downloadUrl } = await ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest: digestOf('layer v1') }));
    const res = await fetch(downloadUrl!);
    assert.equal(await res.text(), 'layer v1');
    assert.equal((await fetch(downloadUrl!.replace(/Signature=../, 'Signature=00'))).status, 403);
    await rejects(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest: digestOf('part one|part two') })), 'LayerInaccessibleException');
    await rejects(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest: digestOf('never') })), 'LayersNotFoundException');
  });

  it('enforces IMMUTABLE tags on PutImage', async () => {
    const repositoryName = 'team/web';
    await ecr.send(new PutImageTagMutabilityCommand({ repositoryName, imageTagMutability: 'IMMUTABLE' }));
    const other = await imageManifest(repositoryName, 'layer v2');
    await rejects(ecr.send(new PutImageCommand({ repositoryName, imageTag: 'v1', imageManifest: other })), 'ImageTagAlreadyExistsException',
      "The image tag 'v1' already exists in the 'team/web' repository and cannot be overwritten because the tag is immutable.");
    await ecr.send(new PutImageTagMutabilityCommand({ repositoryName, imageTagMutability: 'MUTABLE' }));
  });

  it('deletes images with per-image failures, and repositories only when empty or forced', async () => {
    const repositoryName = 'team/web';
    const v1 = (await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] }))).imageDetails![0].imageDigest!;
    const out = await ecr.send(new BatchDeleteImageCommand({ repositoryName, imageIds: [{ imageTag: 'latest' }, { imageTag: 'gone' }, { imageDigest: 'sha256:zz' }, {}] }));
    assert.deepEqual(out.imageIds, [{ imageDigest: v1, imageTag: 'latest' }]);
    assert.deepEqual(out.failures!.map((f) => f.failureCode), ['ImageNotFound', 'InvalidImageDigest', 'MissingDigestAndTag']);
    assert.equal(out.failures![0].failureReason, 'Requested image not found');
    await rejects(ecr.send(new DeleteRepositoryCommand({ repositoryName })), 'RepositoryNotEmptyException',
      "The repository with name 'team/web' in registry with id '000000000000' cannot be deleted because it still contains images");
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'scratch' }));
    await ecr.send(new PutImageCommand({ repositoryName: 'scratch', imageTag: 'v1', imageManifest: await imageManifest('scratch', 'scratch layer') }));
    const deleted = await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'scratch', force: true }));
    assert.equal(deleted.repository!.repositoryName, 'scratch');
    await rejects(ecr.send(new ListImagesCommand({ repositoryName: 'scratch' })), 'RepositoryNotFoundException');
  });

  it('stores repository policies, validating them', async () => {
    const repositoryName = 'team/web';
    await rejects(ecr.send(new GetRepositoryPolicyCommand({ repositoryName })), 'RepositoryPolicyNotFoundException',
      "Repository policy does not exist for the repository with name 'team/web' in the registry with id '000000000000'");
    await rejects(ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: '{"Statement":' })), 'InvalidParameterException');
    const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'pull', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] });
    assert.equal((await ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText }))).policyText, policyText);
    assert.equal((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).policyText, policyText);
    assert.equal((await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName }))).policyText, policyText);
  });

  it('stores lifecycle policies, validating them', async () => {
    const repositoryName = 'team/web';
    const text = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 5 }, action: { type: 'expire' } }] });
    await rejects(ecr.send(new GetLifecyclePolicyCommand({ repositoryName })), 'LifecyclePolicyNotFoundException');
    await rejects(ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText: '{"rules": 5, "padding": "................................................................................................"}' })), 'InvalidParameterException', /Lifecycle policy validation failure/);
    assert.equal((await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText: text }))).lifecyclePolicyText, text);
    assert.equal((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName }))).lifecyclePolicyText, text);
    await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName }));
    await rejects(ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName })), 'LifecyclePolicyNotFoundException');
  });

  it('tags repositories and keeps scanning settings', async () => {
    const arn = 'arn:aws:ecr:us-east-1:000000000000:repository/team/web';
    await ecr.send(new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'team', Value: 'a' }] }));
    await ecr.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
    assert.deepEqual((await ecr.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ Key: 'team', Value: 'a' }]);
    const scan = await ecr.send(new PutImageScanningConfigurationCommand({ repositoryName: 'team/web', imageScanningConfiguration: { scanOnPush: true } }));
    assert.deepEqual(scan.imageScanningConfiguration, { scanOnPush: true });
    const rules = [{ scanFrequency: 'SCAN_ON_PUSH' as const, repositoryFilters: [{ filter: 'team/*', filterType: 'WILDCARD' as const }] }];
    await ecr.send(new PutRegistryScanningConfigurationCommand({ scanType: 'BASIC', rules }));
    assert.deepEqual((await ecr.send(new GetRegistryScanningConfigurationCommand({}))).scanningConfiguration, { scanType: 'BASIC', rules });
    assert.equal((await ecr.send(new DescribeRegistryCommand({}))).registryId, '000000000000');
  });

  it('names repositories by --registry-host when given', async () => {
    const other = await startBerthProcess({ args: ['--registry-host', 'registry.example.test:5000'] });
    try {
      const { repository } = await ecrClient(other).send(new CreateRepositoryCommand({ repositoryName: 'named' }));
      assert.equal(repository!.repositoryUri, 'registry.example.test:5000/named');
    } finally {
      await other.destroy();
    }
  });

  it('issues 12-hour registry tokens and answers 501 for what Berth does not do', async () => {
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));
    const [user, password] = Buffer.from(authorizationData![0].authorizationToken!, 'base64').toString().split(':');
    assert.equal(user, 'AWS');
    assert.ok(password.length > 20);
    assert.equal(authorizationData![0].proxyEndpoint, `http://localhost:${new URL(berth.endpoint).port}`);
    const hours = (authorizationData![0].expiresAt!.getTime() - Date.now()) / 3600_000;
    assert.ok(hours > 11.9 && hours <= 12);
    const e = await rejects(ecr.send(new CreatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'x', upstreamRegistryUrl: 'public.ecr.aws' })), 'NotImplemented');
    assert.equal(e.$metadata.httpStatusCode, 501);
  });
});
