/**
 * Security finding 6: the watchdog that stops an orphaned HAProxy died at the first reload
 * (its pid was in the reload's -sf list and it was never started again), so after a reload
 * HAProxy outlived a killed Berth for good. A real Berth with a 5 s grace: after a reload
 * a watchdog still runs, and once Berth is SIGKILLed the master is gone within the grace.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { elbv2, freePort, get } from '../support/elbv2-helpers.js';

const GRACE_SECONDS = 5;
const fixed = (MessageBody: string) => ({ Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody } });

/** The process's command line, or undefined once it is gone (a zombie nobody reaped counts as gone). */
function commandLine(pid: number): string | undefined {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state === 'Z' ? undefined : readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

function watchdogs(runDir: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => commandLine(pid)?.includes(join(runDir, 'watchdog.sh')));
}

const refusesConnections = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => {
    socket.destroy();
    resolve(false);
  });
  socket.once('error', () => resolve(true));
});

describe('HAProxy does not outlive a killed Berth after a reload', () => {
  let berth: RunningBerth;
  let elb: ElasticLoadBalancingV2Client;
  let runDir: string;
  let masterPid: number | undefined;

  before(async () => {
    berth = await startBerthProcess({ env: { BERTH_LB_ORPHAN_GRACE_SECONDS: String(GRACE_SECONDS) } });
    elb = elbv2(berth);
    runDir = join(berth.dataDir, 'haproxy');
  });
  after(async () => {
    // Only if the test failed: stop the master it left behind (checked to be ours by its command line).
    if (masterPid && commandLine(masterPid)?.includes(join(runDir, 'haproxy.cfg'))) process.kill(masterPid, 'SIGTERM');
    await berth?.destroy();
  });

  it('a watchdog runs after a reload and stops the master within the grace once Berth is killed', async () => {
    const port = await freePort();
    const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'orphan', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] }))).LoadBalancers![0].LoadBalancerArn!;
    const listenerArn = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: port, DefaultActions: [fixed('first')] }))).Listeners![0].ListenerArn!;
    await eventually(async () => (await get(port, '/')).body === 'first', 'the listener to serve', 15_000);
    masterPid = Number(readFileSync(join(runDir, 'haproxy.pid'), 'utf8').trim());
    const initial = watchdogs(runDir);
    assert.equal(initial.length, 1, 'one watchdog before the reload');

    // A new rule changes the structure: a reload.
    await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/reloaded'] }], Actions: [fixed('reloaded')] }));
    await eventually(async () => (await get(port, '/reloaded')).body === 'reloaded', 'the reload', 15_000);
    // The old watchdog ends with its generation; the new generation has its own.
    await eventually(async () => {
      const now = watchdogs(runDir);
      return now.length === 1 && !initial.includes(now[0]);
    }, 'one watchdog, of the new generation', 5_000);

    await berth.stop('SIGKILL');
    const killedAt = Date.now();
    assert.ok(commandLine(masterPid), 'HAProxy survives the crash at first (a restarted Berth would adopt it)');
    await eventually(async () => !commandLine(masterPid!) && (await refusesConnections(port)), 'the orphaned HAProxy to stop', (GRACE_SECONDS + 10) * 1000, 250);
    assert.ok(Date.now() - killedAt >= (GRACE_SECONDS - 1) * 1000, 'not before the grace');
    assert.deepEqual(watchdogs(runDir), []);
  });
});
