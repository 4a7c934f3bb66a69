/**
 * Worst-case requests at the edge's 10 MiB body cap, each sent while a second connection
 * calls ListClusters back to back: prints how long Berth takes to answer the worst case
 * and the cheap call's latency meanwhile, against the same cheap call on a quiet server
 * (goal: the cheap call stays under 100 ms), plus Berth's peak RSS growth when 32
 * unsigned 10 MiB bodies arrive at once.
 * Run: npx tsc -p . && node dist/bench/hostile.js
 */
import { readFileSync } from 'node:fs';
import { startBerthProcess } from '../test/support/berth-process.js';
import { ecsJson, latencyDuring, queryForm, RawRequest, sendRaw } from '../test/support/signed-http.js';
import { median, percentile } from './bench-support.js';

const MiB = 1024 * 1024;
const QUIET_CALLS = 300;

function queryList(action: string, bytes: number, maxMembers = Infinity): string {
  const parts = [`Action=${action}`, 'Version=2015-12-01', 'TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A000000000000%3Atargetgroup%2Fx%2F0'];
  let size = 0;
  for (let i = 1; size < bytes && i <= maxMembers; i++) {
    const p = `Targets.member.${i}.Id=i-0123456789abcdef0&Targets.member.${i}.Port=80`;
    parts.push(p);
    size += p.length + 1;
  }
  return parts.join('&');
}

const CASES: Array<[string, RawRequest]> = [
  ['awsQuery DescribeTargetHealth, 1,000 targets (largest legal list)', { service: 'elasticloadbalancing', headers: queryForm, body: queryList('DescribeTargetHealth', Infinity, 1000) }],
  ['awsQuery RegisterTargets at the cap (~140,000 targets)', { service: 'elasticloadbalancing', headers: queryForm, body: queryList('RegisterTargets', 10 * MiB - 2048) }],
  ['JSON DescribeTasks, 2.4 M list elements at the cap', { service: 'ecs', headers: ecsJson('DescribeTasks'), body: `{"cluster":"c","tasks":[${'"a",'.repeat(2_400_000)}"a"]}` }],
  ['JSON nesting 9 M deep', { service: 'ecs', headers: ecsJson('DescribeTasks'), body: '['.repeat(9 * MiB) }],
  ['JSON one 9 MiB string (an ECR layer part)', { service: 'ecs', headers: ecsJson('DescribeTasks'), body: JSON.stringify({ cluster: 'x'.repeat(9 * MiB), tasks: ['a'] }) }],
  ['unsigned 10 MiB body', { headers: ecsJson('ListClusters'), body: Buffer.alloc(10 * MiB - 1, 0x20) }],
];

const peakKiB = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

async function main(): Promise<void> {
  const berth = await startBerthProcess();
  try {
    const quiet: number[] = [];
    for (let i = 0; i < QUIET_CALLS; i++) quiet.push((await sendRaw(berth.endpoint, { service: 'ecs', headers: ecsJson('ListClusters'), body: '{}' })).ms);
    const quietP99 = percentile(quiet, 99);
    console.log(`quiet ListClusters: median ${median(quiet).toFixed(2)} ms, p99 ${quietP99.toFixed(2)} ms (${QUIET_CALLS} calls)`);
    console.log('| worst case | reply | status | cheap calls during | cheap p99 | cheap max | max vs quiet p99 |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [name, req] of CASES) {
      const reply = sendRaw(berth.endpoint, req);
      const during = await latencyDuring(berth.endpoint, reply);
      const r = await reply;
      const max = Math.max(...during);
      console.log(`| ${name} | ${r.ms.toFixed(1)} ms | ${r.status} | ${during.length} | ${percentile(during, 99).toFixed(1)} ms | ${max.toFixed(1)} ms | ${(max / quietP99).toFixed(1)}x |`);
    }
    const before = peakKiB(berth.process.pid!);
    const body = Buffer.alloc(10 * MiB - 1, 0x20);
    await Promise.all(Array.from({ length: 32 }, () => sendRaw(berth.endpoint, { headers: ecsJson('ListClusters'), body })));
    const grown = (peakKiB(berth.process.pid!) - before) / 1024;
    console.log(`32 unsigned 10 MiB bodies at once: peak RSS ${(before / 1024).toFixed(0)} -> ${(before / 1024 + grown).toFixed(0)} MiB (+${grown.toFixed(0)} MiB; buffering them would be +320 MiB, ratio ${(grown / 320).toFixed(2)})`);
  } finally {
    await berth.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
