/**
 * How each AWS CLI example of ECR is replayed against Berth: the call equivalent to its command,
 * after creating what the example presupposes (a repository, pushed images, a completed scan,
 * an upload session). Raw wire calls, so the keys are those a client receives.
 */
import { ReplayScenario } from './fidelity-replay.js';
import { gzipSync } from 'node:zlib';
import { tarball } from '../../src/scanning/scan-test-support.js';
import { CliExample } from './aws-cli-examples.js';
import { eventually } from './berth-process.js';
import { digestOf, RegistryClient } from './registry-client.js';
import { sendRaw } from './signed-http.js';

export type Wire = any;

/** An advisory for the scanned image's openssl, of MEDIUM severity (CVSS 3.1 base 5.2) as AWS's example finding. */
export const FIDELITY_ADVISORY = {
  id: 'CVE-2099-0002', modified: '2026-01-01T00:00:00Z', details: 'A test vulnerability in openssl.',
  references: [{ type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/CVE-2099-0002' }],
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.9-1' }] }] }],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L' }],
};

const POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Sid: 'allow public pull', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }],
});
const LIFECYCLE = JSON.stringify({
  rules: [{ rulePriority: 1, description: 'Expire images older than 14 days', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }],
});

export class EcrFixtures {
  private serial = 0;
  private registry?: RegistryClient;

  constructor(private readonly endpoint: string) {}

  /** One ECR call; anything but HTTP 200 throws with AWS's error body. */
  async call(operation: string, input: object = {}): Promise<Wire> {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerRegistry_V20150921.${operation}` };
    const reply = await sendRaw(this.endpoint, { service: 'ecr', headers, body: JSON.stringify(input) });
    if (reply.status !== 200) throw new Error(`${operation} answered ${reply.status}: ${reply.body}`);
    return JSON.parse(reply.body);
  }

  async repository(input: object = {}): Promise<string> {
    const repositoryName = `fidelity/repo-${++this.serial}`;
    await this.call('CreateRepository', { repositoryName, ...input });
    return repositoryName;
  }

  /** Pushes a one-layer image under each tag (one image per tag); returns their digests. */
  async images(repositoryName: string, ...tags: string[]): Promise<string[]> {
    const reg = await this.registryClient();
    const digests = [];
    for (const tag of tags) digests.push((await reg.pushImage(repositoryName, tag, [`layer of ${repositoryName}:${tag}`])).digest);
    return digests;
  }

  /** A repository holding one image (tag v1) whose scan has completed with a finding. */
  async scannedImage(): Promise<{ repositoryName: string; imageDigest: string }> {
    const repositoryName = await this.repository();
    const layer = gzipSync(await tarball([
      { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
      { name: 'var/lib/dpkg/status', content: 'Package: openssl\nStatus: install ok installed\nVersion: 3.0.0-1\n\n' },
    ]));
    const { digest: imageDigest } = await (await this.registryClient()).pushImage(repositoryName, 'v1', [layer]);
    await this.call('StartImageScan', { repositoryName, imageId: { imageDigest } });
    await eventually(async () => {
      const out = await this.call('DescribeImageScanFindings', { repositoryName, imageId: { imageDigest } });
      return out.imageScanStatus.status === 'COMPLETE';
    }, 'the scan to complete');
    return { repositoryName, imageDigest };
  }

  private async registryClient(): Promise<RegistryClient> {
    if (!this.registry) {
      const token: string = (await this.call('GetAuthorizationToken')).authorizationData[0].authorizationToken;
      this.registry = new RegistryClient(this.endpoint, `Basic ${token}`);
    }
    return this.registry;
  }

  /** An upload session that received one part: its id, the part and UploadLayerPart's answer. */
  async upload(repositoryName: string): Promise<{ uploadId: string; part: Buffer; reply: Wire }> {
    const { uploadId } = await this.call('InitiateLayerUpload', { repositoryName });
    const part = Buffer.from(`layer part ${++this.serial}`);
    const reply = await this.call('UploadLayerPart', { repositoryName, uploadId, partFirstByte: 0, partLastByte: part.length - 1, layerPartBlob: part.toString('base64') });
    return { uploadId, part, reply };
  }
}

export type EcrScenario = ReplayScenario<EcrFixtures>;

/** The manifest of an image, as BatchGetImage serves it. */
async function manifestOf(f: EcrFixtures, repositoryName: string, imageDigest: string): Promise<{ text: string; config: { digest: string } }> {
  const text: string = (await f.call('BatchGetImage', { repositoryName, imageIds: [{ imageDigest }] })).images[0].imageManifest;
  return { text, config: JSON.parse(text).config };
}

const withPolicy = async (f: EcrFixtures) => {
  const repositoryName = await f.repository();
  await f.call('SetRepositoryPolicy', { repositoryName, policyText: POLICY });
  return repositoryName;
};
const withLifecycle = async (f: EcrFixtures) => {
  const repositoryName = await f.repository();
  await f.call('PutLifecyclePolicy', { repositoryName, lifecyclePolicyText: LIFECYCLE });
  return repositoryName;
};
const twoTags = async (f: EcrFixtures) => {
  const repositoryName = await f.repository();
  await f.images(repositoryName, 'prod', 'team1');
  return repositoryName;
};
/** A repository holding an image under each tag the example's command names, and those tags as image ids. */
async function taggedAsInExample(f: EcrFixtures, ex: CliExample): Promise<{ repositoryName: string; imageIds: { imageTag: string }[] }> {
  const tags = [...ex.command.matchAll(/imageTag=(\S+)/g)].map((m) => m[1]);
  const repositoryName = await f.repository();
  await f.images(repositoryName, ...tags);
  return { repositoryName, imageIds: tags.map((imageTag) => ({ imageTag })) };
}

export const ECR_SCENARIOS: EcrScenario[] = [
  {
    file: 'batch-check-layer-availability.rst',
    run: async (f) => {
      const repositoryName = await f.repository();
      const [imageDigest] = await f.images(repositoryName, 'v1');
      return f.call('BatchCheckLayerAvailability', { repositoryName, layerDigests: [(await manifestOf(f, repositoryName, imageDigest)).config.digest] });
    },
  },
  { file: 'batch-delete-image.rst', run: async (f, ex) => f.call('BatchDeleteImage', await taggedAsInExample(f, ex)) },
  { file: 'batch-get-image.rst', run: async (f, ex) => f.call('BatchGetImage', await taggedAsInExample(f, ex)) },
  {
    file: 'complete-layer-upload.rst',
    run: async (f) => {
      const repositoryName = await f.repository();
      const { uploadId, part } = await f.upload(repositoryName);
      return f.call('CompleteLayerUpload', { repositoryName, uploadId, layerDigests: [digestOf(part)] });
    },
  },
  {
    file: 'create-repository.rst',
    run: (f, ex) => f.call('CreateRepository', {
      repositoryName: `fidelity/created-${ex.index}`,
      imageTagMutability: /IMMUTABLE/.test(ex.command) ? 'IMMUTABLE' : undefined,
      imageScanningConfiguration: /scanOnPush=true/.test(ex.command) ? { scanOnPush: true } : undefined,
    }),
  },
  { file: 'delete-lifecycle-policy.rst', run: async (f) => f.call('DeleteLifecyclePolicy', { repositoryName: await withLifecycle(f) }) },
  { file: 'delete-repository-policy.rst', run: async (f) => f.call('DeleteRepositoryPolicy', { repositoryName: await withPolicy(f) }) },
  { file: 'delete-repository.rst', run: async (f) => f.call('DeleteRepository', { repositoryName: await twoTags(f), force: true }) },
  {
    file: 'describe-image-scan-findings.rst',
    run: async (f) => {
      const { repositoryName, imageDigest } = await f.scannedImage();
      return f.call('DescribeImageScanFindings', { repositoryName, imageId: { imageDigest } });
    },
  },
  { file: 'describe-images.rst', run: async (f) => f.call('DescribeImages', { repositoryName: await twoTags(f), imageIds: [{ imageTag: 'prod' }] }) },
  { file: 'describe-repositories.rst', run: async (f) => (await f.repository(), f.call('DescribeRepositories')) },
  { file: 'get-authorization-token.rst', run: (f) => f.call('GetAuthorizationToken') },
  {
    file: 'get-download-url-for-layer.rst',
    run: async (f) => {
      const repositoryName = await f.repository();
      const [imageDigest] = await f.images(repositoryName, 'v1');
      return f.call('GetDownloadUrlForLayer', { repositoryName, layerDigest: (await manifestOf(f, repositoryName, imageDigest)).config.digest });
    },
  },
  {
    file: 'get-lifecycle-policy-preview.rst',
    run: async (f) => {
      const repositoryName = await withLifecycle(f);
      await f.call('StartLifecyclePolicyPreview', { repositoryName });
      return f.call('GetLifecyclePolicyPreview', { repositoryName });
    },
  },
  { file: 'get-lifecycle-policy.rst', run: async (f) => f.call('GetLifecyclePolicy', { repositoryName: await withLifecycle(f) }) },
  { file: 'get-repository-policy.rst', run: async (f) => f.call('GetRepositoryPolicy', { repositoryName: await withPolicy(f) }) },
  { file: 'initiate-layer-upload.rst', run: async (f) => f.call('InitiateLayerUpload', { repositoryName: await f.repository() }) },
  { file: 'list-images.rst', run: async (f) => f.call('ListImages', { repositoryName: await twoTags(f) }) },
  {
    file: 'list-tags-for-resource.rst',
    run: async (f) => {
      const repositoryName = await f.repository({ tags: [{ Key: 'Stage', Value: 'Integ' }] });
      const { repositories } = await f.call('DescribeRepositories', { repositoryNames: [repositoryName] });
      return f.call('ListTagsForResource', { resourceArn: repositories[0].repositoryArn });
    },
  },
  {
    file: 'put-image-scanning-configuration.rst',
    run: async (f) => f.call('PutImageScanningConfiguration', { repositoryName: await f.repository(), imageScanningConfiguration: { scanOnPush: true } }),
  },
  { file: 'put-image-tag-mutability.rst', run: async (f) => f.call('PutImageTagMutability', { repositoryName: await f.repository(), imageTagMutability: 'IMMUTABLE' }) },
  {
    file: 'put-image.rst',
    run: async (f) => {
      const repositoryName = await f.repository();
      const [imageDigest] = await f.images(repositoryName, 'latest');
      return f.call('PutImage', { repositoryName, imageTag: '2019.08', imageManifest: (await manifestOf(f, repositoryName, imageDigest)).text });
    },
  },
  { file: 'put-lifecycle-policy.rst', run: async (f) => f.call('PutLifecyclePolicy', { repositoryName: await f.repository(), lifecyclePolicyText: LIFECYCLE }) },
  { file: 'set-repository-policy.rst', run: async (f) => f.call('SetRepositoryPolicy', { repositoryName: await f.repository(), policyText: POLICY }) },
  {
    file: 'start-image-scan.rst',
    run: async (f) => {
      const repositoryName = await f.repository();
      const [imageDigest] = await f.images(repositoryName, 'v1');
      return f.call('StartImageScan', { repositoryName, imageId: { imageDigest } });
    },
  },
  { file: 'start-lifecycle-policy-preview.rst', run: async (f) => f.call('StartLifecyclePolicyPreview', { repositoryName: await f.repository(), lifecyclePolicyText: LIFECYCLE }) },
  {
    file: 'upload-layer-part.rst',
    run: async (f) => (await f.upload(await f.repository())).reply,
  },
];
