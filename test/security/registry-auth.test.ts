/**
 * The registry's /v2/ on the edge port refuses every endpoint to every caller without
 * valid credentials (401 UNAUTHORIZED with a challenge, whether or not the repository
 * exists, so its existence does not leak), refuses valid callers a repository policy denies
 * (403 DENIED), lets anonymous callers only pull public repositories, and serves a presigned
 * layer URL only as it was signed. Expired tokens cannot be made without a clock override;
 * token.test.ts and bearer.test.ts cover expiry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRepositoryCommand, GetDownloadUrlForLayerCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { CreateRepositoryCommand as CreatePublicRepositoryCommand, ECRPUBLICClient } from '@aws-sdk/client-ecr-public';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { digestOf, ecrClient, registryPassword, RegistryClient } from '../support/registry-client.js';
import { BadCredential, badCredentials, basic } from './registry-credentials.js';

const ACCOUNT = '123456789012';
const PRIVATE = 'sec/private';
const MISSING = 'sec/missing';
const DENIED = 'sec/denied';
const UPLOAD = '3f1c1b2e-0d4c-4f7e-9a51-0a1b2c3d4e5f';

interface Endpoint { method: string; path: string; body?: string; push?: boolean }

function repositoryEndpoints(repo: string, digest: string): Endpoint[] {
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {}, layers: [] });
  return [
    { method: 'GET', path: `/v2/${repo}/manifests/v1` },
    { method: 'HEAD', path: `/v2/${repo}/manifests/v1` },
    { method: 'PUT', path: `/v2/${repo}/manifests/v2`, body: manifest, push: true },
    { method: 'DELETE', path: `/v2/${repo}/manifests/${digest}`, push: true },
    { method: 'GET', path: `/v2/${repo}/blobs/${digest}` },
    { method: 'HEAD', path: `/v2/${repo}/blobs/${digest}` },
    { method: 'DELETE', path: `/v2/${repo}/blobs/${digest}`, push: true },
    { method: 'POST', path: `/v2/${repo}/blobs/uploads/`, push: true },
    { method: 'GET', path: `/v2/${repo}/blobs/uploads/${UPLOAD}`, push: true },
    { method: 'PATCH', path: `/v2/${repo}/blobs/uploads/${UPLOAD}`, body: 'bytes', push: true },
    { method: 'PUT', path: `/v2/${repo}/blobs/uploads/${UPLOAD}?digest=${digest}`, body: 'bytes', push: true },
    { method: 'DELETE', path: `/v2/${repo}/blobs/uploads/${UPLOAD}`, push: true },
    { method: 'GET', path: `/v2/${repo}/tags/list` },
    { method: 'GET', path: `/v2/${repo}/referrers/${digest}` },
  ];
}

async function call(endpoint: string, e: Endpoint, authorization?: string): Promise<{ status: number; code?: string; challenge: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(`${endpoint}${e.path}`, { method: e.method, headers, body: e.body, redirect: 'manual' });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { errors?: { code: string }[] }).errors?.[0]?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code, challenge: res.headers.get('www-authenticate') };
}

/** A HEAD reply has no body: its status and challenge are all a client gets. */
function refusedAs(e: Endpoint, reply: Awaited<ReturnType<typeof call>>, status: number, code: string): string | undefined {
  const codeOk = e.method === 'HEAD' || reply.code === code;
  const challengeOk = status !== 401 || /^(Basic|Bearer) realm="/.test(reply.challenge ?? '');
  return reply.status === status && codeOk && challengeOk ? undefined : `got ${reply.status} ${reply.code ?? ''} (challenge: ${reply.challenge}), want ${status} ${code}`;
}

describe('registry /v2/: no way in without valid credentials', () => {
  let berth: RunningBerth;
  let password: string;
  let digest: string;
  let credentials: BadCredential[];
  let publicName: string;
  let total = 0;

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false'] });
    const ecr = ecrClient(berth);
    for (const repositoryName of [PRIVATE, DENIED, 'sec/other']) await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    const reg = await RegistryClient.login(berth);
    await reg.pushImage(PRIVATE, 'v1', ['the private layer']);
    digest = digestOf('the private layer');
    await reg.pushImage(DENIED, 'v1', ['the denied layer']);
    const denyAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'ecr:*' }] });
    await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: DENIED, policyText: denyAll, force: true }));
    const ecrPublic = new ECRPUBLICClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const uri = (await ecrPublic.send(new CreatePublicRepositoryCommand({ repositoryName: 'sec-public' }))).repository!.repositoryUri!;
    publicName = uri.slice(uri.indexOf('/') + 1);
    password = await registryPassword(berth);
    credentials = await badCredentials(berth.endpoint, ACCOUNT, password, PRIVATE, 'sec/other');
  });
  after(async () => {
    console.log(`security cases: ${total} (registry /v2/ authorization)`);
    await berth?.destroy();
  });

  it('the valid credentials do get in, so the refusals below are not refusals of everyone', async () => {
    const get = { method: 'GET', path: `/v2/${PRIVATE}/manifests/v1` };
    assert.equal((await call(berth.endpoint, get, basic('AWS', password))).status, 200);
    assert.equal((await call(berth.endpoint, { method: 'GET', path: '/v2/' }, basic('AWS', password))).status, 200);
    total += 2;
  });

  it('every endpoint of an existing and a missing repository answers 401 UNAUTHORIZED with a challenge', async (t) => {
    const failures: string[] = [];
    let cases = 0;
    for (const repo of [PRIVATE, MISSING]) {
      for (const e of repositoryEndpoints(repo, digest)) {
        for (const c of credentials) {
          cases++;
          const problem = refusedAs(e, await call(berth.endpoint, e, c.header), 401, 'UNAUTHORIZED');
          if (problem) failures.push(`${e.method} ${e.path} with ${c.name}: ${problem}`);
        }
      }
    }
    total += cases;
    t.diagnostic(`${cases} cases`);
    assert.deepEqual(failures, []);
  });

  it('/v2/ and /v2/_catalog answer 401 to every unauthenticated caller', async () => {
    const failures: string[] = [];
    for (const c of credentials) {
      for (const e of [{ method: 'GET', path: '/v2/' }, { method: 'GET', path: '/v2/_catalog' }]) {
        // A caller whose token names another repository is authenticated: /v2/ lets it in.
        if (c.authenticated && e.path === '/v2/') continue;
        total++;
        const problem = refusedAs(e, await call(berth.endpoint, e, c.header), 401, 'UNAUTHORIZED');
        if (problem) failures.push(`${e.path} with ${c.name}: ${problem}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('a repository policy that denies everyone refuses even the account\'s valid token: 403 DENIED on pull and push', async () => {
    const failures: string[] = [];
    for (const e of repositoryEndpoints(DENIED, digest)) {
      // Upload sessions that do not exist in this repository are checked after the policy; pull and push both are.
      total++;
      const problem = refusedAs(e, await call(berth.endpoint, e, basic('AWS', password)), 403, 'DENIED');
      if (problem) failures.push(`${e.method} ${e.path}: ${problem}`);
    }
    assert.deepEqual(failures, []);
  });

  it('an anonymous caller may pull a public repository but never push to it', async () => {
    const failures: string[] = [];
    for (const e of repositoryEndpoints(publicName, digest)) {
      total++;
      const reply = await call(berth.endpoint, e);
      if (e.push) {
        const problem = refusedAs(e, reply, 401, 'UNAUTHORIZED');
        if (problem) failures.push(`${e.method} ${e.path}: ${problem}`);
      } else if (reply.status === 401 || reply.status === 403) failures.push(`${e.method} ${e.path}: anonymous pull refused with ${reply.status}`);
    }
    assert.deepEqual(failures, []);
  });

  it('a presigned layer URL works only exactly as signed: altered expiry, signature or repository is 403 DENIED', async () => {
    const layer = (await ecrClient(berth).send(new GetDownloadUrlForLayerCommand({ repositoryName: PRIVATE, layerDigest: digest }))).downloadUrl!;
    const url = new URL(layer);
    const path = (u: URL) => `${u.pathname}${u.search}`;
    assert.equal((await call(berth.endpoint, { method: 'GET', path: path(url) })).status, 200);
    const altered = (edit: (u: URL) => void) => {
      const u = new URL(layer);
      edit(u);
      return { method: 'GET', path: path(u) };
    };
    const cases = [
      altered((u) => u.searchParams.set('X-Berth-Expires', String(Date.now() - 1000))),
      altered((u) => u.searchParams.set('X-Berth-Expires', String(Date.now() + 365 * 86_400_000))),
      altered((u) => u.searchParams.set('X-Berth-Signature', '0'.repeat(64))),
      altered((u) => (u.pathname = u.pathname.replace(PRIVATE, 'sec/other'))),
    ];
    for (const e of cases) {
      total++;
      assert.equal(refusedAs(e, await call(berth.endpoint, e), 403, 'DENIED'), undefined, e.path);
    }
  });
});
