/**
 * ECS events through `berth events`: a task run with the SDK shows up as "ECS Task State
 * Change" events in EventBridge's envelope, RUNNING then STOPPED, `--follow` prints them
 * as they happen, and the journal survives a restart of Berth.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { runOne, waitForStatus } from '../support/ecs-helpers.js';

const CLI = join(__dirname, '../../src/cli/berth.js');
const CLUSTER = 'events';

interface EventLine { version: string; id: string; 'detail-type': string; source: string; account: string; time: string; region: string; resources: string[]; detail: Record<string, unknown> }

const parse = (stdout: string): EventLine[] => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as EventLine);
const taskStates = (events: EventLine[], arn: string) => events
  .filter((e) => e['detail-type'] === 'ECS Task State Change' && e.resources[0] === arn).map((e) => `${e.detail.lastStatus}/${e.detail.desiredStatus}`);

describe('ECS events', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let image: string;
  const events = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'events', ...args, '--data-dir', berth.dataDir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return parse(r.stdout);
  };

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
  });

  it('a task\'s RUNNING and STOPPED are task state change events, as EventBridge delivers them', async () => {
    const follower = spawn(process.execPath, [CLI, 'events', '--follow', '--data-dir', berth.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    follower.stdout.on('data', (d) => (followed += d));
    try {
      const arn = await runOne(ecs, CLUSTER, { family: 'events', containerDefinitions: [{ name: 'app', image, memory: 32, command: ['sh', '-c', 'sleep 1'] }] });
      await waitForStatus(ecs, CLUSTER, arn, 'STOPPED');
      const all = events();
      const states = taskStates(all, arn);
      assert.ok(states.includes('RUNNING/RUNNING'), states.join());
      assert.equal(states.at(-1), 'STOPPED/STOPPED');
      assert.ok(states.indexOf('RUNNING/RUNNING') < states.indexOf('STOPPED/STOPPED'));
      const stopped = all.filter((e) => e.resources[0] === arn).at(-1)!;
      assert.deepEqual([stopped.version, stopped.source, stopped.region, stopped.account.length], ['0', 'aws.ecs', 'us-east-1', 12]);
      assert.match(stopped.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(stopped.detail.taskArn, arn);
      assert.match(String(stopped.detail.stoppedAt), /^\d{4}-\d\d-\d\dT[\d:.]+Z$/, 'times as ISO strings');
      assert.equal((stopped.detail.containers as { exitCode?: number }[])[0].exitCode, 0);
      assert.equal(stopped.detail.berth, undefined, 'Berth\'s own members stay out');
      const instance = all.find((e) => e['detail-type'] === 'ECS Container Instance State Change')!;
      assert.match(String(instance.detail.clusterArn), /:cluster\/events$/);
      await eventually(async () => taskStates(parse(followed), arn).includes('STOPPED/STOPPED'), '--follow to print the STOPPED event', 10_000, 200);
    } finally {
      follower.kill();
    }
  });

  it('--since leaves out older events, and the journal survives a restart', async () => {
    assert.deepEqual(events('--since', '2999-01-01T00:00:00Z'), []);
    const before = events().length;
    await berth.stop();
    berth = await startBerthProcess({ dataDir: berth.dataDir });
    ecs.destroy();
    ecs = berth.ecs();
    assert.ok(events().length >= before, 'the events from before the restart are still there');
  });
});
