/**
 * Hostile bodies and credential scopes against a running Berth: every worst case at the
 * edge's body cap is refused with AWS's error while a cheap call on another connection
 * keeps answering, unauthenticated bodies are never buffered, and a signature scoped to
 * another service or a malformed region is refused as AWS refuses it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { ecsJson, latencyDuring, queryForm, RawReply, sendRaw } from '../support/signed-http.js';

const MiB = 1024 * 1024;

function registerTargetsForm(bytes: number): string {
  const parts = ['Action=RegisterTargets', 'Version=2015-12-01', 'TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A000000000000%3Atargetgroup%2Fx%2F0'];
  let size = parts.join('&').length;
  for (let i = 1; size < bytes - 200; i++) {
    const p = `Targets.member.${i}.Id=i-0123456789abcdef0&Targets.member.${i}.Port=80`;
    parts.push(p);
    size += p.length + 1;
  }
  return parts.join('&');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('hostile requests', () => {
  let berth: RunningBerth;
  let baseline: number;

  before(async () => {
    berth = await startBerthProcess();
    const warm: number[] = [];
    for (let i = 0; i < 50; i++) warm.push((await sendRaw(berth.endpoint, { service: 'ecs', headers: ecsJson('ListClusters'), body: '{}' })).ms);
    baseline = median(warm);
  });
  after(async () => berth.destroy());

  /** Sends the attack; a cheap call meanwhile must stay fast (goal < 100 ms; 20x the quiet median tolerates a noisy machine). */
  async function whileCheapCallsRun(attack: () => Promise<RawReply>): Promise<RawReply> {
    const reply = attack();
    const latencies = await latencyDuring(berth.endpoint, reply);
    const worst = Math.max(0, ...latencies);
    assert.ok(worst < Math.max(100, 20 * baseline), `a cheap call took ${worst.toFixed(1)} ms during the attack (quiet median ${baseline.toFixed(1)} ms)`);
    return reply;
  }

  it('awsQuery: RegisterTargets with ~140,000 targets at the 10 MiB cap is refused on its parameter count', async () => {
    const body = registerTargetsForm(10 * MiB - 1024);
    const reply = await whileCheapCallsRun(() => sendRaw(berth.endpoint, { service: 'elasticloadbalancing', headers: queryForm, body }));
    assert.equal(reply.status, 400);
    assert.match(reply.body, /<Code>ValidationError<\/Code>/);
    assert.match(reply.body, /at most 20000 parameters/);
  });

  it('JSON: 600,000 tiny elements and a million-deep nesting are SerializationException', async () => {
    for (const body of [`{"cluster":"c","tasks":[${'"a",'.repeat(2_400_000)}"a"]}`, '['.repeat(9 * MiB)]) {
      const reply = await whileCheapCallsRun(() => sendRaw(berth.endpoint, { service: 'ecs', headers: ecsJson('DescribeTasks'), body }));
      assert.equal(reply.status, 400);
      assert.equal(JSON.parse(reply.body).__type, 'SerializationException');
    }
  });

  it('an unsigned 10 MiB body is answered with the auth error without being buffered', async () => {
    const reply = await whileCheapCallsRun(() => sendRaw(berth.endpoint, { headers: ecsJson('ListClusters'), body: Buffer.alloc(10 * MiB, 0x20) }));
    assert.equal(reply.status, 400);
    assert.equal(JSON.parse(reply.body).__type, 'MissingAuthenticationTokenException');
  });

  it('32 unsigned 10 MiB bodies at once are drained, not stored: peak memory barely moves', async () => {
    const peakKiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${berth.process.pid}/status`, 'utf8'))![1]);
    const before = peakKiB();
    const body = Buffer.alloc(10 * MiB, 0x20);
    const replies = await Promise.all(Array.from({ length: 32 }, () => sendRaw(berth.endpoint, { headers: ecsJson('ListClusters'), body })));
    assert.ok(replies.every((r) => r.status === 400));
    const grownMiB = (peakKiB() - before) / 1024;
    assert.ok(grownMiB < 64, `peak RSS grew by ${grownMiB.toFixed(0)} MiB (buffering all 32 bodies is 320 MiB)`);
  });

  it('a signed body over the cap is refused (413, connection closed) and is not logged as an error', async () => {
    const reply = await sendRaw(berth.endpoint, { service: 'ecs', headers: ecsJson('ListClusters'), body: Buffer.alloc(11 * MiB, 0x20) });
    // Refused on its Content-Length: the reply may race the client's writes, which then see a closed connection.
    if (reply.status !== 0) {
      assert.equal(reply.status, 413);
      assert.equal(JSON.parse(reply.body).__type, 'RequestEntityTooLarge');
    }
    assert.doesNotMatch(berth.output(), /ERROR/);
  });

  it('a signature scoped to another service, a malformed region or another terminator is refused', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['ecr', 'us-east-1', /Credential should be scoped to correct service: 'ecs'\./],
      ['s3', 'us-east-1', /Credential should be scoped to correct service: 'ecs'\./],
      ['ecs', 'us-east-1x', /Credential should be scoped to a valid region, not 'us-east-1x'\./],
    ];
    for (const [service, region, message] of cases) {
      const reply = await sendRaw(berth.endpoint, { service, region, headers: ecsJson('ListClusters'), body: '{}' });
      assert.equal(reply.status, 400, reply.body);
      const error = JSON.parse(reply.body);
      assert.equal(error.__type, 'InvalidSignatureException');
      assert.match(error.message, message);
    }
    const ok = await sendRaw(berth.endpoint, { service: 'ecs', headers: ecsJson('ListClusters'), body: '{}' });
    assert.equal(ok.status, 200);
  });
});
