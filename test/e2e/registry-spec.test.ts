/**
 * The OCI distribution spec's pull, content discovery and content management workflows
 * (the official conformance suite's test list), plus auth, against a real Berth with
 * plain fetch. Push workflows are in registry-spec-push.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRepositoryCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { digestOf, ecrClient, errorCode, OCI_MANIFEST, RegistryClient } from '../support/registry-client.js';

const REPO = 'conformance/pull';

describe('OCI distribution spec: pull, discovery, management', () => {
  let berth: RunningBerth;
  let reg: RegistryClient;
  let image: { digest: string; manifest: Buffer };
  const layer = 'layer-content-'.repeat(100);

  before(async () => {
    berth = await startBerthProcess();
    await ecrClient(berth).send(new CreateRepositoryCommand({ repositoryName: REPO }));
    reg = await RegistryClient.login(berth);
    image = await reg.pushImage(REPO, 'v1', [layer]);
  });
  after(async () => berth?.destroy());

  describe('pull', () => {
    it('GET /v2/ challenges with the token endpoint, then answers 200 to Basic and Bearer', async () => {
      const anon = await reg.anonymous().fetch('/v2/');
      assert.equal(anon.status, 401);
      const host = new URL(berth.endpoint).host;
      assert.equal(anon.headers.get('www-authenticate'), `Bearer realm="http://${host}/v2/token",service="localhost:${new URL(berth.endpoint).port}"`);
      assert.equal(await errorCode(anon), 'UNAUTHORIZED');
      const ok = await reg.fetch('/v2/');
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('docker-distribution-api-version'), 'registry/2.0');
      const bearer = new RegistryClient(berth.endpoint, `Bearer ${await reg.bearerToken()}`);
      assert.equal((await bearer.fetch('/v2/')).status, 200);
      const anonToken = new RegistryClient(berth.endpoint, `Bearer ${await reg.anonymous().bearerToken()}`);
      assert.equal((await anonToken.fetch('/v2/')).status, 401, 'an anonymous token is not a login');
    });

    it('issues Docker tokens for the scopes the caller may use, and honours them', async () => {
      const res = await reg.fetch(`/v2/token?service=registry&scope=repository:${REPO}:pull,push&scope=repository:${REPO}-missing:pull`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { token: string; access_token: string; expires_in: number; issued_at: string };
      assert.equal(body.access_token, body.token);
      assert.ok(body.expires_in >= 60);
      assert.ok(Math.abs(Date.parse(body.issued_at) - Date.now()) < 60_000);
      const bearer = new RegistryClient(berth.endpoint, `Bearer ${body.token}`);
      assert.equal((await bearer.fetch(`/v2/${REPO}/manifests/v1`, { headers: { accept: OCI_MANIFEST } })).status, 200);
      assert.equal((await bearer.fetch(`/v2/${REPO}/blobs/uploads/`, { method: 'POST' })).status, 202);
      const other = await bearer.fetch('/v2/conformance/other/manifests/v1');
      assert.equal(other.status, 401, 'a token only opens the repositories it names');
      assert.match(other.headers.get('www-authenticate') ?? '', /,scope="repository:conformance\/other:pull"$/);
      const pullOnly = new RegistryClient(berth.endpoint, `Bearer ${await reg.bearerToken(`repository:${REPO}:pull`)}`);
      const push = await pullOnly.fetch(`/v2/${REPO}/blobs/uploads/`, { method: 'POST' });
      assert.equal(push.status, 401);
      assert.match(push.headers.get('www-authenticate') ?? '', new RegExp(`scope="repository:${REPO}:pull,push"`));
      assert.equal((await new RegistryClient(berth.endpoint, `Bearer ${body.token}x`).fetch('/v2/')).status, 401);
      const bad = new RegistryClient(berth.endpoint, `Basic ${Buffer.from('AWS:forged.token').toString('base64')}`);
      assert.equal((await bad.fetch(`/v2/token?scope=repository:${REPO}:pull`)).status, 401, 'bad credentials never fall back to anonymous');
      const catalog = new RegistryClient(berth.endpoint, `Bearer ${await reg.bearerToken('registry:catalog:*')}`);
      assert.equal((await catalog.fetch('/v2/_catalog')).status, 200);
      assert.equal((await bearer.fetch('/v2/_catalog')).status, 401);
    });

    it('rejects a token that is not Berth\'s', async () => {
      const bad = new RegistryClient(berth.endpoint, `Basic ${Buffer.from('AWS:forged.token').toString('base64')}`);
      assert.equal((await bad.fetch('/v2/')).status, 401);
      assert.equal((await bad.fetch(`/v2/${REPO}/manifests/v1`)).status, 401);
    });

    it('HEAD and GET a blob', async () => {
      const digest = digestOf(layer);
      const head = await reg.fetch(`/v2/${REPO}/blobs/${digest}`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(layer.length));
      assert.equal(head.headers.get('docker-content-digest'), digest);
      const get = await reg.fetch(`/v2/${REPO}/blobs/${digest}`);
      assert.equal(await get.text(), layer);
    });

    it('serves Range requests', async () => {
      const res = await reg.fetch(`/v2/${REPO}/blobs/${digestOf(layer)}`, { headers: { range: 'bytes=14-27' } });
      assert.equal(res.status, 206);
      assert.equal(res.headers.get('content-range'), `bytes 14-27/${layer.length}`);
      assert.equal(await res.text(), 'layer-content-');
      const bad = await reg.fetch(`/v2/${REPO}/blobs/${digestOf(layer)}`, { headers: { range: `bytes=${layer.length}-` } });
      assert.equal(bad.status, 416);
    });

    it('HEAD and GET a manifest by tag and by digest', async () => {
      for (const ref of ['v1', image.digest]) {
        const head = await reg.fetch(`/v2/${REPO}/manifests/${ref}`, { method: 'HEAD', headers: { accept: OCI_MANIFEST } });
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('docker-content-digest'), image.digest);
        assert.equal(head.headers.get('content-length'), String(image.manifest.length));
        const get = await reg.fetch(`/v2/${REPO}/manifests/${ref}`, { headers: { accept: OCI_MANIFEST } });
        assert.equal(get.headers.get('content-type'), OCI_MANIFEST);
        assert.deepEqual(Buffer.from(await get.arrayBuffer()), image.manifest);
      }
    });

    it('answers unknown blobs, manifests and repositories with the spec codes', async () => {
      const blob = await reg.fetch(`/v2/${REPO}/blobs/${digestOf('nope')}`);
      assert.equal(blob.status, 404);
      assert.equal(await errorCode(blob), 'BLOB_UNKNOWN');
      const manifest = await reg.fetch(`/v2/${REPO}/manifests/nope`);
      assert.equal(manifest.status, 404);
      assert.equal(await errorCode(manifest), 'MANIFEST_UNKNOWN');
      const wrong = await reg.fetch(`/v2/${REPO}/manifests/sha256:totallywrong`);
      assert.ok([400, 404].includes(wrong.status));
      assert.ok(['MANIFEST_UNKNOWN', 'DIGEST_INVALID', 'MANIFEST_INVALID'].includes((await errorCode(wrong))!));
      const repo = await reg.fetch('/v2/no/such/repo/tags/list');
      assert.equal(repo.status, 404);
      assert.equal(await errorCode(repo), 'NAME_UNKNOWN');
    });

    it('translates OCI to Docker schema 2 by tag for a client that accepts only schema 2, never by digest', async () => {
      const accept = 'application/vnd.docker.distribution.manifest.v2+json';
      const byTag = await reg.fetch(`/v2/${REPO}/manifests/v1`, { headers: { accept } });
      assert.equal(byTag.status, 200);
      assert.equal(byTag.headers.get('content-type'), accept);
      const byDigest = await reg.fetch(`/v2/${REPO}/manifests/${image.digest}`, { headers: { accept } });
      assert.equal(byDigest.status, 404);
      assert.equal(await errorCode(byDigest), 'MANIFEST_UNKNOWN');
    });
  });

  describe('content discovery', () => {
    before(async () => {
      for (const tag of ['a', 'b', 'c', 'd']) await reg.pushImage(REPO, tag, [`layer-${tag}`]);
    });

    it('lists tags, paginated with n, last and Link', async () => {
      const all = (await (await reg.fetch(`/v2/${REPO}/tags/list`)).json()) as { name: string; tags: string[] };
      assert.deepEqual(all, { name: REPO, tags: ['a', 'b', 'c', 'd', 'v1'] });
      const first = await reg.fetch(`/v2/${REPO}/tags/list?n=2`);
      assert.deepEqual(((await first.json()) as { tags: string[] }).tags, ['a', 'b']);
      const link = first.headers.get('link')!;
      assert.match(link, /^<\/v2\/conformance\/pull\/tags\/list\?n=2&last=b>; rel="next"$/);
      const second = await reg.fetch(link.slice(1, link.indexOf('>')));
      assert.deepEqual(((await second.json()) as { tags: string[] }).tags, ['c', 'd']);
      const tail = await reg.fetch(`/v2/${REPO}/tags/list?n=5&last=d`);
      assert.deepEqual(((await tail.json()) as { tags: string[] }).tags, ['v1']);
      assert.equal(tail.headers.get('link'), null);
      const zero = await reg.fetch(`/v2/${REPO}/tags/list?n=0`);
      assert.deepEqual(((await zero.json()) as { tags: string[] }).tags, []);
      const bad = await reg.fetch(`/v2/${REPO}/tags/list?n=-1`);
      assert.equal(bad.status, 400);
      assert.equal(await errorCode(bad), 'PAGINATION_NUMBER_INVALID');
    });

    it('lists the account\'s repositories in the catalog', async () => {
      const res = await reg.fetch('/v2/_catalog?n=10');
      assert.deepEqual(((await res.json()) as { repositories: string[] }).repositories, [REPO]);
      assert.equal((await reg.anonymous().fetch('/v2/_catalog')).status, 401);
    });

    it('lists referrers, filtered by artifactType', async () => {
      const subject = { mediaType: OCI_MANIFEST, digest: image.digest, size: image.manifest.length };
      const sig = await reg.pushImage(REPO, 'sig', ['signature'], { artifactType: 'application/vnd.example.sig', subject, annotations: { 'org.example': 'x' } });
      const sbom = await reg.pushImage(REPO, 'sbom', ['sbom'], { artifactType: 'application/vnd.example.sbom', subject });
      const list = await reg.fetch(`/v2/${REPO}/referrers/${image.digest}`);
      assert.equal(list.status, 200);
      assert.equal(list.headers.get('content-type'), 'application/vnd.oci.image.index.v1+json');
      const index = (await list.json()) as { manifests: { digest: string; artifactType: string; annotations?: object }[] };
      assert.deepEqual(index.manifests.map((m) => m.digest).sort(), [sig.digest, sbom.digest].sort());
      assert.deepEqual(index.manifests.find((m) => m.digest === sig.digest)!.annotations, { 'org.example': 'x' });
      const filtered = await reg.fetch(`/v2/${REPO}/referrers/${image.digest}?artifactType=application/vnd.example.sbom`);
      assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
      assert.deepEqual(((await filtered.json()) as { manifests: { digest: string }[] }).manifests.map((m) => m.digest), [sbom.digest]);
      const none = await reg.fetch(`/v2/${REPO}/referrers/${digestOf('no subject')}`);
      assert.equal(none.status, 200);
      assert.deepEqual(((await none.json()) as { manifests: unknown[] }).manifests, []);
      assert.equal((await reg.fetch(`/v2/${REPO}/referrers/sha256:bad`)).status, 400);
    });

    it('answers OCI-Subject when a manifest with a subject is pushed, even a missing one', async () => {
      const missing = digestOf('missing subject');
      const config = await reg.pushBlob(REPO, '{}');
      const body = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'application/vnd.example.x',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: config, size: 2 }, layers: [],
        subject: { mediaType: OCI_MANIFEST, digest: missing, size: 10 },
      }));
      const res = await reg.putManifest(REPO, digestOf(body), body);
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('oci-subject'), missing);
    });
  });

  describe('content management', () => {
    it('deletes a tag, then the manifest by digest, then a blob', async () => {
      const img = await reg.pushImage(REPO, 'doomed', ['doomed-layer']);
      await reg.fetch(`/v2/${REPO}/manifests/${img.digest}`, { method: 'PUT', body: img.manifest, headers: { 'content-type': OCI_MANIFEST } });
      await reg.putManifest(REPO, 'doomed2', img.manifest);
      assert.equal((await reg.fetch(`/v2/${REPO}/manifests/doomed`, { method: 'DELETE' })).status, 202);
      assert.equal((await reg.fetch(`/v2/${REPO}/manifests/doomed`)).status, 404);
      const tags = (await (await reg.fetch(`/v2/${REPO}/tags/list`)).json()) as { tags: string[] };
      assert.ok(!tags.tags.includes('doomed') && tags.tags.includes('doomed2'));
      assert.equal((await reg.fetch(`/v2/${REPO}/manifests/${img.digest}`, { method: 'DELETE' })).status, 202);
      assert.equal((await reg.fetch(`/v2/${REPO}/manifests/${img.digest}`)).status, 404);
      assert.equal((await reg.fetch(`/v2/${REPO}/manifests/doomed2`)).status, 404, 'every tag of the digest goes with it');
      assert.equal((await reg.fetch(`/v2/${REPO}/manifests/${img.digest}`, { method: 'DELETE' })).status, 404);
      const blob = digestOf('doomed-layer');
      assert.equal((await reg.fetch(`/v2/${REPO}/blobs/${blob}`, { method: 'DELETE' })).status, 202);
      assert.equal((await reg.fetch(`/v2/${REPO}/blobs/${blob}`)).status, 404);
      assert.equal((await reg.fetch(`/v2/${REPO}/blobs/${blob}`, { method: 'DELETE' })).status, 404);
    });
  });

  describe('authorization', () => {
    it('enforces a repository policy Deny for pull and push', async () => {
      const name = 'conformance/denied';
      await ecrClient(berth).send(new CreateRepositoryCommand({ repositoryName: name }));
      await reg.pushImage(name, 'v1', ['before the policy']);
      const policy = { Version: '2012-10-17', Statement: [{ Sid: 'nopull', Effect: 'Deny', Principal: '*', Action: ['ecr:BatchGetImage'] }] };
      await ecrClient(berth).send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText: JSON.stringify(policy) }));
      const pull = await reg.fetch(`/v2/${name}/manifests/v1`);
      assert.equal(pull.status, 403);
      assert.equal(await errorCode(pull), 'DENIED');
      const pushPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'ecr:InitiateLayerUpload' }] };
      await ecrClient(berth).send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText: JSON.stringify(pushPolicy) }));
      assert.equal((await reg.fetch(`/v2/${name}/manifests/v1`)).status, 200);
      assert.equal((await reg.fetch(`/v2/${name}/blobs/uploads/`, { method: 'POST' })).status, 403);
    });

    it('refuses anonymous pulls of private repositories', async () => {
      const res = await reg.anonymous().fetch(`/v2/${REPO}/manifests/v1`);
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', new RegExp(`^Bearer realm=".*/v2/token",service=".*",scope="repository:${REPO}:pull"$`));
      const token = await reg.anonymous().bearerToken(`repository:${REPO}:pull`);
      assert.equal(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).access.length, 0, 'no scopes for an anonymous caller');
      assert.equal((await new RegistryClient(berth.endpoint, `Bearer ${token}`).fetch(`/v2/${REPO}/manifests/v1`)).status, 401);
    });

    it('grants no access whose every operation a repository policy denies, and answers a Bearer caller 403 as a Basic one', async () => {
      const name = 'conformance/denied';
      const pushActions = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchCheckLayerAvailability'];
      const denyPush = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: pushActions }] };
      await ecrClient(berth).send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText: JSON.stringify(denyPush) }));
      const token = await reg.bearerToken(`repository:${name}:pull,push`);
      const claims = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
      assert.deepEqual(claims.access, [{ type: 'repository', name, actions: ['pull'] }]);
      const push = await new RegistryClient(berth.endpoint, `Bearer ${token}`).fetch(`/v2/${name}/blobs/uploads/`, { method: 'POST' });
      assert.equal(push.status, 403);
    });
  });
});
