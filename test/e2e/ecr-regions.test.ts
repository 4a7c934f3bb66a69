/**
 * ECR repositories are per region, as in AWS: the same name in us-east-1 and us-west-2 through
 * the SDK, docker push and pull to each repositoryUri (us-west-2's names its region in the
 * path, `localhost:<port>/<account>.dkr.ecr.us-west-2.amazonaws.com/<name>`), skopeo seeing
 * each region's tags only, and an ECS task running the us-west-2 image named in AWS form.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateClusterCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { CreateRepositoryCommand, DescribeImagesCommand, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { runOne, waitForStatus } from '../support/ecs-helpers.js';
import { ecrClient, registryPassword } from '../support/registry-client.js';

const run = promisify(execFile);
const REGIONS = ['us-east-1', 'us-west-2'] as const;

describe('ECR repositories per region', () => {
  let berth: RunningBerth;
  let host: string;
  let env: NodeJS.ProcessEnv;
  const uris: Record<string, string> = {};
  const suffix = Math.random().toString(36).slice(2, 8);
  const sources = { 'us-east-1': `berth-test/ecr-east-${suffix}:1`, 'us-west-2': `berth-test/ecr-west-${suffix}:1` };
  const docker = async (...args: string[]) => (await run('docker', args, { env })).stdout.trim();

  before(async () => {
    berth = await startBerthProcess();
    host = `localhost:${new URL(berth.endpoint).port}`;
    env = { ...berth.cliEnv(), DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'berth-docker-config-')) };
    for (const region of REGIONS) await ensureBusyboxImage(sources[region]);
  });

  after(async () => {
    for (const ref of [...Object.values(sources), ...REGIONS.map((r) => `${uris[r]}:${r}`)]) await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
    await berth?.destroy();
    rmSync(env.DOCKER_CONFIG!, { recursive: true, force: true });
  });

  it('creates tf/app in both regions; each region describes its own', async () => {
    for (const region of REGIONS) {
      const { repository } = await ecrClient(berth, region).send(new CreateRepositoryCommand({ repositoryName: 'tf/app' }));
      assert.equal(repository!.repositoryArn, `arn:aws:ecr:${region}:000000000000:repository/tf/app`);
      uris[region] = repository!.repositoryUri!;
    }
    assert.equal(uris['us-east-1'], `${host}/tf/app`);
    assert.equal(uris['us-west-2'], `${host}/000000000000.dkr.ecr.us-west-2.amazonaws.com/tf/app`);
    for (const region of REGIONS) {
      const { repositories } = await ecrClient(berth, region).send(new DescribeRepositoriesCommand({}));
      assert.deepEqual(repositories!.map((r) => r.repositoryUri), [uris[region]]);
    }
  });

  it('pushes to and pulls from each region\'s repositoryUri with docker', async () => {
    await run('bash', ['-c', `aws --endpoint-url ${berth.endpoint} ecr get-login-password | docker login --username AWS --password-stdin ${host}`], { env });
    for (const region of REGIONS) {
      const ref = `${uris[region]}:${region}`;
      await docker('tag', sources[region], ref);
      await docker('push', ref);
      await docker('rmi', ref);
      await docker('pull', ref);
      const { imageDetails } = await ecrClient(berth, region).send(new DescribeImagesCommand({ repositoryName: 'tf/app' }));
      assert.deepEqual(imageDetails!.map((d) => d.imageTags), [[region]]);
    }
  });

  it('shows each region\'s tags to skopeo', async () => {
    const password = await registryPassword(berth);
    for (const region of REGIONS) {
      const inspect = JSON.parse((await run('skopeo', ['inspect', '--tls-verify=false', '--creds', `AWS:${password}`, `docker://${uris[region]}:${region}`])).stdout);
      assert.deepEqual(inspect.RepoTags, [region]);
    }
  });

  it('runs an ECS task on the us-west-2 image named in AWS form', async () => {
    const ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'regions' }));
    const image = '000000000000.dkr.ecr.us-west-2.amazonaws.com/tf/app:us-west-2';
    await run('docker', ['rmi', '-f', `${uris['us-west-2']}:us-west-2`]);
    const arn = await runOne(ecs, 'regions', { family: 'west', containerDefinitions: [{ name: 'app', image, memory: 64, command: ['sleep', '60'] }] });
    await waitForStatus(ecs, 'regions', arn, 'RUNNING');
    assert.match(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), new RegExp(`${uris['us-west-2']}:us-west-2`));
    await ecs.send(new StopTaskCommand({ cluster: 'regions', task: arn }));
    await waitForStatus(ecs, 'regions', arn, 'STOPPED');
  });
});
