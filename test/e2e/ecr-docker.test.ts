/**
 * Real clients against Berth's registry: the aws CLI (create-repository, get-login-password,
 * describe-images), `docker login/push/pull` (and the immutable-tag error on push), anonymous
 * docker pulls through the Bearer token flow, and skopeo copy/inspect. Docker credentials go
 * to a temporary DOCKER_CONFIG; anonymous pulls use another, empty one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { registryPassword } from '../support/registry-client.js';

const run = promisify(execFile);

describe('docker, skopeo and the aws CLI against the registry', () => {
  let berth: RunningBerth;
  let host: string;
  let env: NodeJS.ProcessEnv;
  let dockerConfig: string;
  let emptyConfig: string;
  const suffix = Math.random().toString(36).slice(2, 8);
  const sourceA = `berth-test/ecr-a-${suffix}:1`;
  const sourceB = `berth-test/ecr-b-${suffix}:1`;
  const pushed: string[] = [];

  const aws = async (...args: string[]) => JSON.parse((await run('aws', ['--endpoint-url', berth.endpoint, '--output', 'json', ...args], { env })).stdout || '{}');
  const docker = async (...args: string[]) => (await run('docker', args, { env })).stdout.trim();

  before(async () => {
    berth = await startBerthProcess();
    host = `localhost:${new URL(berth.endpoint).port}`;
    dockerConfig = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
    env = { ...berth.cliEnv(), DOCKER_CONFIG: dockerConfig };
    emptyConfig = mkdtempSync(join(tmpdir(), 'berth-docker-anon-'));
    await ensureBusyboxImage(sourceA);
    await ensureBusyboxImage(sourceB);
  });

  after(async () => {
    for (const ref of [...pushed, sourceA, sourceB]) await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
    // Pulled images whose tag moved stay as <none> under the registry's name.
    const left = (await run('docker', ['images', '--format', '{{.ID}} {{.Repository}}'])).stdout.split('\n').filter((l) => l.includes(` ${host}/`));
    for (const line of left) await run('docker', ['rmi', '-f', line.split(' ')[0]]).catch(() => undefined);
    await berth?.destroy();
    rmSync(dockerConfig, { recursive: true, force: true });
    rmSync(emptyConfig, { recursive: true, force: true });
  });

  /** docker with no stored credentials at all. */
  const anonDocker = async (...args: string[]) => (await run('docker', args, { env: { ...env, DOCKER_CONFIG: emptyConfig } })).stdout.trim();

  it('creates a repository and logs docker in with get-login-password', async () => {
    const { repository } = await aws('ecr', 'create-repository', '--repository-name', 'e2e/app');
    assert.equal(repository.repositoryUri, `${host}/e2e/app`);
    const login = await run('bash', ['-c', `aws --endpoint-url ${berth.endpoint} ecr get-login-password | docker login --username AWS --password-stdin ${host}`], { env });
    assert.match(login.stdout, /Login Succeeded/);
  });

  it('pushes with docker, pulls it back after docker rmi, and describe-images shows it', async () => {
    const ref = `${host}/e2e/app:v1`;
    pushed.push(ref);
    await docker('tag', sourceA, ref);
    await docker('push', ref);
    await docker('rmi', ref);
    await docker('pull', ref);
    assert.equal(await docker('run', '--rm', ref, 'echo', 'pulled'), 'pulled');
    const { imageDetails } = await aws('ecr', 'describe-images', '--repository-name', 'e2e/app');
    assert.equal(imageDetails.length, 1);
    assert.deepEqual(imageDetails[0].imageTags, ['v1']);
    assert.equal(imageDetails[0].imageManifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.ok(imageDetails[0].imageSizeInBytes > 100_000);
  });

  it('refuses to push over an immutable tag with ECR\'s message', async () => {
    await aws('ecr', 'put-image-tag-mutability', '--repository-name', 'e2e/app', '--image-tag-mutability', 'IMMUTABLE');
    const ref = `${host}/e2e/app:v1`;
    await docker('tag', sourceB, ref);
    await assert.rejects(docker('push', ref), (e: any) => {
      assert.match(String(e.stderr) + String(e.stdout), /The image tag 'v1' already exists in the 'e2e\/app' repository and cannot be overwritten because the tag is immutable/);
      return true;
    });
  });

  it('pulls an ECR Public image anonymously with skopeo and docker, and with docker once logged in', async () => {
    const { repository } = await aws('ecr-public', 'create-repository', '--repository-name', 'tools');
    const ref = `${repository.repositoryUri}:v1`;
    assert.ok(ref.startsWith(`${host}/public.ecr.aws/`));
    pushed.push(ref);
    const password = await registryPassword(berth);
    await run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `AWS:${password}`, `docker-daemon:${sourceA}`, `docker://${ref}`]);
    const inspect = JSON.parse((await run('skopeo', ['inspect', '--tls-verify=false', '--no-creds', `docker://${ref}`], { env })).stdout);
    assert.deepEqual(inspect.RepoTags, ['v1']);
    // The Bearer challenge lets docker fetch an anonymous token (it refuses a Basic one without credentials).
    await anonDocker('pull', ref);
    assert.equal(await docker('run', '--rm', ref, 'echo', 'anonymous'), 'anonymous');
    await docker('rmi', ref);
    await docker('pull', ref);
  });

  it('refuses an anonymous docker pull of a private repository with an authentication error', async () => {
    const ref = `${host}/e2e/app:v1`;
    await assert.rejects(anonDocker('pull', ref), (e: any) => {
      assert.match(String(e.stderr), /unauthorized|authentication required|no basic auth credentials/i);
      return true;
    });
  });

  it('copies with skopeo in and out, and inspects', async () => {
    const password = await registryPassword(berth);
    await run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `AWS:${password}`, `docker-daemon:${sourceB}`, `docker://${host}/e2e/app:skopeo`]);
    const inspect = JSON.parse((await run('skopeo', ['inspect', '--tls-verify=false', '--creds', `AWS:${password}`, `docker://${host}/e2e/app:skopeo`])).stdout);
    assert.deepEqual(inspect.RepoTags.sort(), ['skopeo', 'v1']);
    const dir = mkdtempSync(join(tmpdir(), 'berth-oci-'));
    try {
      await run('skopeo', ['copy', '--src-tls-verify=false', '--src-creds', `AWS:${password}`, `docker://${host}/e2e/app:skopeo`, `oci:${dir}:copy`]);
      await run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `AWS:${password}`, `oci:${dir}:copy`, `docker://${host}/e2e/app:oci`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { imageDetails } = await aws('ecr', 'describe-images', '--repository-name', 'e2e/app', '--image-ids', 'imageTag=oci');
    assert.equal(imageDetails[0].imageManifestMediaType, 'application/vnd.oci.image.manifest.v1+json');
    await assert.rejects(run('skopeo', ['inspect', '--tls-verify=false', '--creds', 'AWS:wrong', `docker://${host}/e2e/app:skopeo`]));
  });
});
