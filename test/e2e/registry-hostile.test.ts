/**
 * Regressions from a hostile tester's report, against a real Berth: a manifest may only
 * reference blobs linked to its own repository (else another repository's blobs, even ones
 * its policy forbids pulling, became readable), a mount needs pull on its source, registry
 * tokens verify exactly, and policy wildcards never backtrack catastrophically.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchCheckLayerAvailabilityCommand, CompleteLayerUploadCommand, CreateRepositoryCommand, ECRClient, InitiateLayerUploadCommand,
  PutImageCommand, PutLifecyclePolicyCommand, SetRepositoryPolicyCommand, UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { digestOf, ecrClient, errorCode, OCI_CONFIG, OCI_INDEX, OCI_LAYER, OCI_MANIFEST, registryPassword, RegistryClient } from '../support/registry-client.js';

const PRIV = 'hostile/priv';
const OTHER = 'hostile/other';
const OPEN = 'hostile/open';
const WILD = 'hostile/wild';

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const DENY_PULL = policy({ Sid: 'nopull', Effect: 'Deny', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] });

function imageManifest(config: { digest: string; size: number }, layers: { digest: string; size: number }[]): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, ...config },
    layers: layers.map((l) => ({ mediaType: OCI_LAYER, ...l })),
  }));
}

async function rejects(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  try {
    await p;
  } catch (e: any) {
    assert.equal(e.name, name, e.message);
    if (message) assert.match(e.message, message);
    return;
  }
  assert.fail(`expected ${name}`);
}

async function errorBody(res: Response): Promise<{ code: string; message: string; detail: any }> {
  const body = (await res.json()) as { errors: { code: string; message: string; detail: any }[] };
  return body.errors[0];
}

describe('registry against a hostile caller', () => {
  let berth: RunningBerth;
  let reg: RegistryClient;
  let ecr: ECRClient;
  const secret = 'the private layer of priv';
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digestOf(secret)] } });
  const configDesc = { digest: digestOf(config), size: Buffer.byteLength(config) };
  const layerDesc = { digest: digestOf(secret), size: Buffer.byteLength(secret) };
  const manifest = imageManifest(configDesc, [layerDesc]);

  before(async () => {
    berth = await startBerthProcess();
    ecr = ecrClient(berth);
    for (const repositoryName of [PRIV, OTHER, OPEN, WILD]) await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    reg = await RegistryClient.login(berth);
    await reg.pushBlob(PRIV, config);
    await reg.pushBlob(PRIV, secret);
    assert.equal((await reg.putManifest(PRIV, 'v1', manifest)).status, 201);
    await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: PRIV, policyText: DENY_PULL }));
  });
  after(async () => berth?.destroy());

  const blobStatus = async (name: string, digest: string) => (await reg.fetch(`/v2/${name}/blobs/${digest}`)).status;

  it('the policy really hides priv\'s blobs from the caller', async () => {
    assert.equal(await blobStatus(PRIV, layerDesc.digest), 403);
    assert.equal(await blobStatus(OTHER, layerDesc.digest), 404);
  });

  it('refuses a manifest naming another repository\'s blobs with 400 MANIFEST_BLOB_UNKNOWN, linking nothing', async () => {
    const res = await reg.putManifest(OTHER, 'stolen', manifest);
    assert.equal(res.status, 400);
    assert.deepEqual(await errorBody(res), { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: { digest: configDesc.digest } });
    assert.equal(await blobStatus(OTHER, layerDesc.digest), 404);
    assert.equal(await blobStatus(OTHER, configDesc.digest), 404);
    assert.equal((await reg.fetch(`/v2/${OTHER}/manifests/stolen`)).status, 404);
    // The config counts as one of the blobs, and so does every layer once the config is there.
    const ownConfig = '{"architecture":"amd64","os":"linux"}';
    await reg.pushBlob(OTHER, ownConfig);
    const withOwnConfig = imageManifest({ digest: digestOf(ownConfig), size: ownConfig.length }, [layerDesc]);
    const layerRes = await reg.putManifest(OTHER, 'stolen', withOwnConfig);
    assert.equal(layerRes.status, 400);
    assert.deepEqual((await errorBody(layerRes)).detail, { digest: layerDesc.digest });
    assert.equal(await blobStatus(OTHER, layerDesc.digest), 404);
  });

  it('refuses the same through the ECR API: LayersNotFoundException, ReferencedImagesNotFoundException', async () => {
    await rejects(ecr.send(new PutImageCommand({ repositoryName: OTHER, imageManifest: manifest.toString(), imageTag: 'stolen' })), 'LayersNotFoundException',
      new RegExp(`Layers with digests '\\[${configDesc.digest}\\]' required for pushing image into repository with name '${OTHER}'`));
    const { layers } = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: OTHER, layerDigests: [layerDesc.digest, configDesc.digest] }));
    assert.deepEqual(layers!.map((l) => l.layerAvailability), ['UNAVAILABLE', 'UNAVAILABLE']);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: digestOf(manifest), size: manifest.length }] }));
    assert.equal(await errorCode(await reg.putManifest(OTHER, 'stolen-index', index, OCI_INDEX)), 'MANIFEST_BLOB_UNKNOWN');
    await rejects(ecr.send(new PutImageCommand({ repositoryName: OTHER, imageManifest: index.toString(), imageTag: 'stolen-index' })), 'ReferencedImagesNotFoundException');
  });

  it('a mount from a repository the caller may not pull opens an upload session and links nothing', async () => {
    const mount = await reg.fetch(`/v2/${OTHER}/blobs/uploads/?mount=${layerDesc.digest}&from=${PRIV}`, { method: 'POST' });
    assert.equal(mount.status, 202);
    const location = mount.headers.get('location')!;
    assert.match(location, new RegExp(`^/v2/${OTHER}/blobs/uploads/[0-9a-f-]+$`));
    assert.ok(mount.headers.get('docker-upload-uuid'));
    assert.equal(await blobStatus(OTHER, layerDesc.digest), 404);
    assert.equal((await reg.fetch(location, { method: 'DELETE' })).status, 204);
    // Where the caller may pull, the same mount links the blob.
    const shared = await reg.pushBlob(OPEN, 'an open layer');
    assert.equal((await reg.fetch(`/v2/${OTHER}/blobs/uploads/?mount=${shared}&from=${OPEN}`, { method: 'POST' })).status, 201);
    assert.equal(await blobStatus(OTHER, shared), 200);
  });

  it('accepts the manifest once the caller uploads the blobs into the repository itself (layer API and /v2/)', async () => {
    const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName: OTHER }));
    const blob = Buffer.from(secret);
    await ecr.send(new UploadLayerPartCommand({ repositoryName: OTHER, uploadId, partFirstByte: 0, partLastByte: blob.length - 1, layerPartBlob: blob }));
    await ecr.send(new CompleteLayerUploadCommand({ repositoryName: OTHER, uploadId, layerDigests: [layerDesc.digest] }));
    await reg.pushBlob(OTHER, config);
    const { layers } = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: OTHER, layerDigests: [layerDesc.digest] }));
    assert.equal(layers![0].layerAvailability, 'AVAILABLE');
    const res = await ecr.send(new PutImageCommand({ repositoryName: OTHER, imageManifest: manifest.toString(), imageTag: 'own' }));
    assert.equal(res.image!.imageId!.imageDigest, digestOf(manifest));
  });

  it('verifies a Basic registry token exactly: nothing appended', async () => {
    const password = await registryPassword(berth);
    const basic = (p: string) => new RegistryClient(berth.endpoint, `Basic ${Buffer.from(`AWS:${p}`).toString('base64')}`);
    assert.equal((await basic(password).fetch('/v2/')).status, 200);
    for (const bad of [`${password}.x`, `${password}x`]) {
      assert.equal((await basic(bad).fetch('/v2/')).status, 401, bad);
      assert.equal((await basic(bad).fetch('/v2/token?service=berth')).status, 401, bad);
    }
    const b64 = Buffer.from(`AWS:${password}`).toString('base64');
    assert.equal((await new RegistryClient(berth.endpoint, `Basic ${b64}${b64.endsWith('=') ? '' : '='}QUFB`).fetch('/v2/')).status, 401, 'junk after the padding');
  });

  it('refuses policies longer than the ECR model allows', async () => {
    const long = policy({ Sid: 'x'.repeat(10_240), Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' });
    await rejects(ecr.send(new SetRepositoryPolicyCommand({ repositoryName: WILD, policyText: long })), 'InvalidParameterException', /policyText.*less than or equal to 10240/);
    const rules = [{ rulePriority: 1, description: 'x'.repeat(30_720), selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }];
    await rejects(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: WILD, lifecyclePolicyText: JSON.stringify({ rules }) })), 'InvalidParameterException',
      /lifecyclePolicyText.*less than or equal to 30720/);
  });

  // Last: before the fix this froze the whole process (SetRepositoryPolicy's own evaluation).
  it('evaluates a stored ecr:<25 stars>Q policy without freezing, and matches ? and case like IAM', async () => {
    await reg.pushImage(WILD, 'v1', ['wild layer']);
    await guarded(berth, ecr.send(new SetRepositoryPolicyCommand({ repositoryName: WILD, policyText: policy({ Effect: 'Deny', Principal: '*', Action: `ecr:${'*'.repeat(25)}Q` }) })));
    assert.equal((await guarded(berth, reg.fetch(`/v2/${WILD}/manifests/v1`, { headers: { accept: OCI_MANIFEST } }))).status, 200);
    await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: WILD, policyText: policy({ Effect: 'Deny', Principal: '*', Action: 'ECR:batch?etimage' }) }));
    assert.equal((await reg.fetch(`/v2/${WILD}/manifests/v1`, { headers: { accept: OCI_MANIFEST } })).status, 403);
  });
});

/**
 * A hang guard, not a timing assertion: these answer in milliseconds, but the regex they
 * replaced ran for hours. On expiry the frozen process is killed so cleanup can proceed.
 */
async function guarded<T>(berth: RunningBerth, p: Promise<T>, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => void berth.stop('SIGKILL').then(() => reject(new Error(`Berth did not answer within ${ms} ms`))), ms);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}
