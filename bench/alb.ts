/**
 * bench/alb: requests/s and p99 through Berth's load balancer against a hand-configured
 * HAProxy (perf-anchors section 2's config) and against the target directly, same nginx
 * targets and the same load generator (wrk) in one run; then p99 at half load, and a
 * phase that adds, drains and removes targets under load and must fail no request.
 * Bounded: about 110 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DeregisterTargetsCommand, DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { eventually, startBerthProcess } from '../test/support/berth-process.js';
import { elbv2, freePort } from '../test/support/elbv2-helpers.js';
import { median } from './bench-support.js';
import { Daemon, ensureTools, startHandHaproxy, startNginx, wrk, WrkResult } from './alb-support.js';

const SERIES = Number(process.env.BENCH_SERIES ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const HALF_SECONDS = 4;
const CONNECTIONS = 64;
const PACE_MS = 1;

async function targetState(elb: ElasticLoadBalancingV2Client, tg: string, port: number): Promise<string | undefined> {
  const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
  return out.TargetHealthDescriptions?.find((d) => d.Target?.Port === port)?.TargetHealth?.State;
}

async function setUpLoadBalancer(elb: ElasticLoadBalancingV2Client, listenerPort: number, backends: number[]): Promise<string> {
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] }))).LoadBalancers![0];
  const tg = (await elb.send(new CreateTargetGroupCommand({
    Name: 'bench', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0', TargetType: 'ip',
    HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2,
  }))).TargetGroups![0].TargetGroupArn!;
  await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: listenerPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: backends.map((Port) => ({ Id: '127.0.0.1', Port })) }));
  for (const p of backends) await eventually(async () => (await targetState(elb, tg, p)) === 'healthy', `target ${p} healthy`, 30_000, 200);
  return tg;
}

/** Registers the spare target, drains one under load, brings it back, drains the spare: every change during traffic. */
async function churn(elb: ElasticLoadBalancingV2Client, tg: string, steady: number, spare: number): Promise<string[]> {
  const log: string[] = [];
  const t0 = performance.now();
  const step = async (what: string, fn: () => Promise<unknown>) => {
    await fn();
    log.push(`${((performance.now() - t0) / 1000).toFixed(1)} s ${what}`);
  };
  const healthy = (p: number) => eventually(async () => (await targetState(elb, tg, p)) === 'healthy', `${p} healthy`, 30_000, 200);
  const gone = (p: number) => eventually(async () => (await targetState(elb, tg, p)) === undefined, `${p} removed`, 30_000, 200);
  await step(`registered :${spare}`, () => elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '127.0.0.1', Port: spare }] })));
  await step(`:${spare} healthy (receiving traffic)`, () => healthy(spare));
  await step(`deregistered :${steady} (draining)`, () => elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '127.0.0.1', Port: steady }] })));
  await step(`:${steady} removed`, () => gone(steady));
  await step(`registered :${steady} again`, () => elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '127.0.0.1', Port: steady }] })));
  await step(`:${steady} healthy`, () => healthy(steady));
  await step(`deregistered :${spare}`, () => elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '127.0.0.1', Port: spare }] })));
  await step(`:${spare} removed`, () => gone(spare));
  return log;
}

const fmt = (r: WrkResult) => `${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  failed ${r.failures}`;

async function main(): Promise<void> {
  const started = performance.now();
  await ensureTools();
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-alb-'));
  const [b1, b2, b3, handPort, lbPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const daemons: Daemon[] = [];
  const berth = await startBerthProcess();
  try {
    daemons.push(await startNginx(dir, [b1, b2, b3]));
    daemons.push(await startHandHaproxy(dir, handPort, [b1, b2]));
    const elb = elbv2(berth);
    const tg = await setUpLoadBalancer(elb, lbPort, [b1, b2]);
    const urls = { direct: `http://127.0.0.1:${b1}/`, hand: `http://127.0.0.1:${handPort}/`, berth: `http://127.0.0.1:${lbPort}/` };

    console.log(`saturation: wrk -t2 -c${CONNECTIONS} ${SECONDS} s per run, ${SERIES} interleaved series (2 nginx targets, 1 worker)`);
    const runs: Record<keyof typeof urls, WrkResult[]> = { direct: [], hand: [], berth: [] };
    for (let s = 0; s < SERIES; s++) {
      for (const name of Object.keys(urls) as (keyof typeof urls)[]) {
        await wrk(urls[name], 1, CONNECTIONS, dir); // warm-up
        runs[name].push(await wrk(urls[name], SECONDS, CONNECTIONS, dir));
        console.log(`  series ${s + 1} ${name.padEnd(6)} ${fmt(runs[name][s])}`);
      }
    }
    const ratio = median(runs.berth.map((r, i) => r.rps / runs.hand[i].rps));
    const med = (name: keyof typeof urls) => median(runs[name].map((r) => r.rps));

    const halfRate = med('berth') / 2;
    const paced = Math.max(2, Math.round((halfRate * (PACE_MS + 0.4)) / 1000));
    console.log(`half load: ${paced} connections pacing ${PACE_MS} ms (target ≈ ${Math.round(halfRate).toLocaleString('en-US')} req/s)`);
    const halfRuns: Record<keyof typeof urls, WrkResult[]> = { direct: [], hand: [], berth: [] };
    for (let s = 0; s < SERIES; s++) {
      for (const name of Object.keys(urls) as (keyof typeof urls)[]) {
        halfRuns[name].push(await wrk(urls[name], HALF_SECONDS, paced, dir, PACE_MS));
        console.log(`  series ${s + 1} ${name.padEnd(6)} ${fmt(halfRuns[name][s])}`);
      }
    }
    const p99 = (name: keyof typeof urls) => median(halfRuns[name].map((r) => r.p99));

    console.log('churn: add, drain, remove targets during half load (wrk 30 s)');
    const load = wrk(urls.berth, 30, paced, dir, PACE_MS);
    const steps = await churn(elb, tg, b1, b3);
    const churned = await load;
    for (const s of steps) console.log(`  ${s}`);
    console.log(`  load   ${fmt(churned)}`);

    console.log('\nsummary');
    console.log(`  throughput: Berth ${Math.round(med('berth')).toLocaleString('en-US')} req/s, hand HAProxy ${Math.round(med('hand')).toLocaleString('en-US')}, direct ${Math.round(med('direct')).toLocaleString('en-US')}`);
    console.log(`  Berth ÷ hand HAProxy (median of per-series ratios): ${ratio.toFixed(2)}  (goal ≥ 0.90) ${ratio >= 0.9 ? 'met' : 'NOT met'}`);
    const overhead = p99('berth') - p99('direct');
    console.log(`  p99 at half load (median of series): Berth ${p99('berth').toFixed(2)} ms, hand HAProxy ${p99('hand').toFixed(2)} ms, direct ${p99('direct').toFixed(2)} ms`);
    console.log(`  p99 overhead at half load over direct: ${overhead.toFixed(2)} ms (hand HAProxy ${(p99('hand') - p99('direct')).toFixed(2)} ms)  (goal < 2 ms) ${overhead < 2 ? 'met' : 'NOT met'}`);
    console.log(`  failed requests during churn: ${churned.failures}  (goal 0) ${churned.failures === 0 ? 'met' : 'NOT met'}`);
    console.log(`  bench wall time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const d of daemons.reverse()) await d.stop();
    await berth.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
