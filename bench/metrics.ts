/**
 * Metrics store throughput: puts/s of SqliteMetricsStore, one datum per put and in
 * batches, against the baseline of what the load balancer's health reader did before
 * the metrics store existed (one document per target in the document store, fsynced);
 * then a query over 3 hours of 1-s data and the compaction that rolls it up.
 * Run: npx tsc -p . && node dist/bench/metrics.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteMetricsStore } from '../src/metrics/sqlite-metrics-store.js';
import { Datum, MetricsStore } from '../src/metrics/store.js';
import { openSqliteStore } from '../src/state/sqlite-store.js';

const SINGLE_PUTS = 5_000;
const BATCH = 100;
const BATCHES = 500;
const SERIES = 20;
const THREE_HOURS = 3 * 3600;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const datum = (i: number, resolution: 1 | 60 = 60): Datum => ({
  namespace: 'AWS/ApplicationELB',
  metricName: 'RequestCount',
  dimensions: [{ name: 'LoadBalancer', value: 'app/web/0123456789abcdef' }, { name: 'TargetGroup', value: `targetgroup/tg-${i % SERIES}/0123456789abcdef` }],
  timestamp: new Date(T0 + Math.floor(i / SERIES) * 1000),
  statistics: { sum: 3, sampleCount: 3, minimum: 1, maximum: 1 },
  unit: 'Count',
  storageResolution: resolution,
});

function perSecond(n: number, fn: () => void): number {
  const t0 = performance.now();
  fn();
  return n / ((performance.now() - t0) / 1000);
}

/** The old path: one TargetMetricsDoc-shaped document per target and tick, in the fsynced document store. */
function documentStorePuts(dir: string): number {
  const store = openSqliteStore(join(dir, 'state.db'));
  const doc = { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/0123456789abcdef', id: 'i-0123456789abcdef0', port: 8080, requests: 0, responseTimeMs: 3, http2xx: 0, http3xx: 0, http4xx: 0, http5xx: 0, currentSessions: 1, updatedAt: '' };
  const rate = perSecond(SINGLE_PUTS, () => {
    for (let i = 0; i < SINGLE_PUTS; i++) store.transact((tx) => tx.put('elbv2/target-metrics', `t${i % SERIES}`, { ...doc, requests: i }));
  });
  store.close();
  return rate;
}

function fillThreeHours(metrics: MetricsStore): number {
  const n = THREE_HOURS * SERIES;
  return perSecond(n, () => {
    for (let i = 0; i < n; i += 1000) metrics.put(Array.from({ length: 1000 }, (_, j) => datum(i + j, 1)));
  });
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-metrics-'));
  try {
    const metrics = openSqliteMetricsStore(join(dir, 'metrics.db'));
    const single = perSecond(SINGLE_PUTS, () => {
      for (let i = 0; i < SINGLE_PUTS; i++) metrics.put([datum(i)]);
    });
    const batched = perSecond(BATCH * BATCHES, () => {
      for (let b = 0; b < BATCHES; b++) metrics.put(Array.from({ length: BATCH }, (_, j) => datum(SINGLE_PUTS + b * BATCH + j)));
    });
    const baseline = documentStorePuts(dir);
    console.log(`metrics store, 1 datum per put:        ${single.toFixed(0)} puts/s (${(single / baseline).toFixed(1)}x the document store's ${baseline.toFixed(0)} fsynced puts/s)`);
    console.log(`metrics store, ${BATCH} datums per put:     ${batched.toFixed(0)} datums/s`);
    metrics.close();

    const hires = openSqliteMetricsStore(join(dir, 'hires.db'));
    const fill = fillThreeHours(hires);
    console.log(`1-s data, ${SERIES} series x 3 h:          ${fill.toFixed(0)} datums/s in batches of 1000`);
    const series = datum(0, 1);
    const q0 = performance.now();
    const points = hires.query({ series, start: new Date(T0), end: new Date(T0 + THREE_HOURS * 1000), period: 60, statistics: ['Sum', 'Average', 'Maximum'] });
    console.log(`query 3 h of 1-s data at 60 s:         ${(performance.now() - q0).toFixed(1)} ms (${points.length} datapoints from ${THREE_HOURS} buckets)`);
    const c0 = performance.now();
    const result = hires.compact(new Date(T0 + 2 * THREE_HOURS * 1000));
    console.log(`compact (roll up ${result.rolledUp} 1-s buckets):  ${(performance.now() - c0).toFixed(0)} ms`);
    hires.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
