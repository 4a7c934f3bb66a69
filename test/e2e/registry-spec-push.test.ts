/**
 * The OCI distribution spec's push workflows (the conformance suite's list): streamed,
 * monolithic, single-POST and chunked uploads with their 416 cases, status and cancel,
 * cross-repository mounts, manifest pushes and their errors, immutable tags, and
 * ECR Public's anonymous pulls.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateRepositoryCommand as CreatePublicRepositoryCommand, ECRPUBLICClient } from '@aws-sdk/client-ecr-public';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { digestOf, ecrClient, errorCode, OCI_CONFIG, OCI_MANIFEST, RegistryClient } from '../support/registry-client.js';

const REPO = 'conformance/push';
const OTHER = 'conformance/other';

describe('OCI distribution spec: push', () => {
  let berth: RunningBerth;
  let reg: RegistryClient;

  before(async () => {
    berth = await startBerthProcess();
    for (const repositoryName of [REPO, OTHER]) await ecrClient(berth).send(new CreateRepositoryCommand({ repositoryName }));
    await ecrClient(berth).send(new CreateRepositoryCommand({ repositoryName: 'conformance/immutable', imageTagMutability: 'IMMUTABLE' }));
    reg = await RegistryClient.login(berth);
  });
  after(async () => berth?.destroy());

  async function open(name = REPO): Promise<string> {
    const res = await reg.fetch(`/v2/${name}/blobs/uploads/`, { method: 'POST' });
    assert.equal(res.status, 202);
    assert.ok(res.headers.get('docker-upload-uuid'));
    return res.headers.get('location')!;
  }

  const blobStatus = async (digest: string, name = REPO) => (await reg.fetch(`/v2/${name}/blobs/${digest}`, { method: 'HEAD' })).status;

  it('streamed: PATCH without Content-Range, then PUT ?digest= with an empty body', async () => {
    const data = 'streamed blob';
    const location = await open();
    const patch = await reg.fetch(location, { method: 'PATCH', body: data, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(patch.status, 202);
    assert.equal(patch.headers.get('range'), `0-${data.length - 1}`);
    const put = await reg.fetch(`${patch.headers.get('location')}?digest=${digestOf(data)}`, { method: 'PUT', headers: { 'content-length': '0' } });
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('location'), `/v2/${REPO}/blobs/${digestOf(data)}`);
    assert.equal(put.headers.get('docker-content-digest'), digestOf(data));
    assert.equal(await blobStatus(digestOf(data)), 200);
  });

  it('monolithic POST then PUT, and a single POST with ?digest=', async () => {
    assert.equal(await blobStatus(await reg.pushBlob(REPO, 'monolithic')), 200);
    const data = 'single post';
    const res = await reg.fetch(`/v2/${REPO}/blobs/uploads/?digest=${digestOf(data)}`, { method: 'POST', body: data, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(res.status, 201);
    assert.equal(await blobStatus(digestOf(data)), 200);
  });

  it('chunked: exact Range replies, 416 for a repeated or out-of-order chunk, 204 status', async () => {
    const chunks = ['chunk-one|', 'chunk-two|', 'chunk-three'];
    const whole = chunks.join('');
    let location = await open();
    const first = await reg.fetch(location, { method: 'PATCH', body: chunks[0], headers: { 'content-type': 'application/octet-stream', 'content-range': `0-${chunks[0].length - 1}` } });
    assert.equal(first.status, 202);
    assert.equal(first.headers.get('range'), `0-${chunks[0].length - 1}`);
    const retry = await reg.fetch(location, { method: 'PATCH', body: chunks[0], headers: { 'content-type': 'application/octet-stream', 'content-range': `0-${chunks[0].length - 1}` } });
    assert.equal(retry.status, 416);
    const status = await reg.fetch(location);
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), `0-${chunks[0].length - 1}`);
    assert.ok(status.headers.get('location'));
    const gap = await reg.fetch(location, { method: 'PATCH', body: chunks[2], headers: { 'content-range': `${whole.length - chunks[2].length}-${whole.length - 1}` } });
    assert.equal(gap.status, 416);
    location = first.headers.get('location')!;
    const second = await reg.fetch(location, { method: 'PATCH', body: chunks[1], headers: { 'content-range': `${chunks[0].length}-${chunks[0].length + chunks[1].length - 1}` } });
    assert.equal(second.status, 202);
    const start = chunks[0].length + chunks[1].length;
    const put = await reg.fetch(`${second.headers.get('location')}?digest=${digestOf(whole)}`, { method: 'PUT', body: chunks[2], headers: { 'content-range': `${start}-${whole.length - 1}` } });
    assert.equal(put.status, 201);
    assert.equal(await (await reg.fetch(`/v2/${REPO}/blobs/${digestOf(whole)}`)).text(), whole);
  });

  it('rejects a wrong digest with DIGEST_INVALID and stores nothing', async () => {
    const location = await open();
    const put = await reg.fetch(`${location}?digest=${digestOf('something else')}`, { method: 'PUT', body: 'actual content' });
    assert.equal(put.status, 400);
    assert.equal(await errorCode(put), 'DIGEST_INVALID');
    assert.equal(await blobStatus(digestOf('actual content')), 404);
    assert.equal(await blobStatus(digestOf('something else')), 404);
    const noDigest = await reg.fetch(await open(), { method: 'PUT', body: 'x' });
    assert.equal(noDigest.status, 400);
  });

  it('cancels an upload with DELETE', async () => {
    const location = await open();
    assert.equal((await reg.fetch(location, { method: 'DELETE' })).status, 204);
    const gone = await reg.fetch(location);
    assert.equal(gone.status, 404);
    assert.equal(await errorCode(gone), 'BLOB_UPLOAD_UNKNOWN');
  });

  it('mounts a blob from another repository; without from or for an unknown blob it opens a session', async () => {
    const digest = await reg.pushBlob(OTHER, 'shared layer');
    assert.equal(await blobStatus(digest), 404, 'not linked to the target yet');
    const mount = await reg.fetch(`/v2/${REPO}/blobs/uploads/?mount=${digest}&from=${OTHER}`, { method: 'POST' });
    assert.equal(mount.status, 201);
    assert.equal(mount.headers.get('location'), `/v2/${REPO}/blobs/${digest}`);
    assert.equal(mount.headers.get('docker-content-digest'), digest);
    assert.equal(await blobStatus(digest), 200);
    assert.equal((await reg.fetch(`/v2/${REPO}/blobs/uploads/?mount=${digest}`, { method: 'POST' })).status, 202);
    assert.equal((await reg.fetch(`/v2/${REPO}/blobs/uploads/?mount=${digestOf('unknown')}&from=${OTHER}`, { method: 'POST' })).status, 202);
  });

  it('pushes manifests, including one without layers, and reports the spec errors', async () => {
    const config = await reg.pushBlob(REPO, '{"config":true}');
    const noLayers = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: config, size: 15 }, layers: [] }));
    const put = await reg.putManifest(REPO, 'nolayers', noLayers);
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('docker-content-digest'), digestOf(noLayers));
    assert.equal(put.headers.get('location'), `/v2/${REPO}/manifests/${digestOf(noLayers)}`);
    const missing = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: digestOf('absent'), size: 6 }, layers: [] }));
    const blobUnknown = await reg.putManifest(REPO, 'missing', missing);
    assert.equal(blobUnknown.status, 400);
    assert.equal(await errorCode(blobUnknown), 'MANIFEST_BLOB_UNKNOWN');
    const wrongDigest = await reg.putManifest(REPO, digestOf('not this'), noLayers);
    assert.equal(await errorCode(wrongDigest), 'DIGEST_INVALID');
    const invalid = await reg.putManifest(REPO, 'bad', Buffer.from('{"schemaVersion":2}'));
    assert.equal(invalid.status, 400);
    assert.equal(await errorCode(invalid), 'MANIFEST_INVALID');
  });

  it('pushes an image index whose children are in the repository', async () => {
    const a = await reg.pushImage(REPO, 'arch-a', ['a']);
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: OCI_MANIFEST, digest: a.digest, size: a.manifest.length, platform: { architecture: 'amd64', os: 'linux' } }],
    }));
    assert.equal((await reg.putManifest(REPO, 'multi', index, 'application/vnd.oci.image.index.v1+json')).status, 201);
    const missingChild = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: OCI_MANIFEST, digest: digestOf('x'), size: 1 }] }));
    assert.equal(await errorCode(await reg.putManifest(REPO, 'broken', missingChild, 'application/vnd.oci.image.index.v1+json')), 'MANIFEST_BLOB_UNKNOWN');
  });

  it('refuses to move an immutable tag with TAG_INVALID and AWS\'s message, but accepts the same image again', async () => {
    const name = 'conformance/immutable';
    const first = await reg.pushImage(name, 'v1', ['one']);
    assert.equal((await reg.putManifest(name, 'v1', first.manifest)).status, 201);
    const second = await reg.pushImage(name, 'v2', ['two']);
    const res = await reg.putManifest(name, 'v1', second.manifest);
    assert.equal(res.status, 400);
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    assert.equal(body.errors[0].code, 'TAG_INVALID');
    assert.equal(body.errors[0].message, `The image tag 'v1' already exists in the '${name}' repository and cannot be overwritten because the tag is immutable.`);
  });

  it('refuses a repository that does not exist with NAME_UNKNOWN and a bad name with NAME_INVALID', async () => {
    const unknown = await reg.fetch('/v2/never/created/blobs/uploads/', { method: 'POST' });
    assert.equal(unknown.status, 404);
    assert.equal(await errorCode(unknown), 'NAME_UNKNOWN');
    const invalid = await reg.fetch('/v2/Bad_Name/blobs/uploads/', { method: 'POST' });
    assert.equal(await errorCode(invalid), 'NAME_INVALID');
  });

  it('keeps upload sessions and tokens across a restart', async () => {
    const location = await open();
    const part = 'before restart|';
    assert.equal((await reg.fetch(location, { method: 'PATCH', body: part, headers: { 'content-range': `0-${part.length - 1}` } })).status, 202);
    await berth.stop();
    berth = await startBerthProcess({ dataDir: berth.dataDir });
    reg = new RegistryClient(berth.endpoint, reg.authorization);
    const status = await reg.fetch(location);
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), `0-${part.length - 1}`);
    const whole = `${part}after restart`;
    const put = await reg.fetch(`${location}?digest=${digestOf(whole)}`, { method: 'PUT', body: 'after restart', headers: { 'content-range': `${part.length}-${whole.length - 1}` } });
    assert.equal(put.status, 201);
    assert.equal(await (await reg.fetch(`/v2/${REPO}/blobs/${digestOf(whole)}`)).text(), whole);
  });

  it('serves ECR Public repositories to anonymous pullers, never to anonymous pushers', async () => {
    const pub = new ECRPUBLICClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const { repository } = await pub.send(new CreatePublicRepositoryCommand({ repositoryName: 'tools' }));
    const path = repository!.repositoryUri!.slice(repository!.repositoryUri!.indexOf('/') + 1);
    assert.match(path, /^public\.ecr\.aws\/[a-z][a-z0-9]+\/tools$/);
    await reg.pushImage(path, 'v1', ['public layer']);
    const anon = reg.anonymous();
    assert.equal((await anon.fetch(`/v2/${path}/manifests/v1`, { headers: { accept: OCI_MANIFEST } })).status, 200);
    assert.equal(await (await anon.fetch(`/v2/${path}/blobs/${digestOf('public layer')}`)).text(), 'public layer');
    assert.equal((await anon.fetch(`/v2/${path}/blobs/uploads/`, { method: 'POST' })).status, 401);
    // The Docker token flow: an anonymous token may pull a public repository, never push.
    const token = await anon.bearerToken(`repository:${path}:pull,push`);
    const bearer = new RegistryClient(berth.endpoint, `Bearer ${token}`);
    assert.equal(await (await bearer.fetch(`/v2/${path}/blobs/${digestOf('public layer')}`)).text(), 'public layer');
    const push = await bearer.fetch(`/v2/${path}/blobs/uploads/`, { method: 'POST' });
    assert.equal(push.status, 401);
    assert.match(push.headers.get('www-authenticate') ?? '', /^Bearer realm=/);
  });
});
