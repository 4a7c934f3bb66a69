/**
 * Metrics store throughput: puts/s of SqliteMetricsStore, one datum per put and in
 * batches, against the baseline of what the load balancer's health reader did before
 * the metrics store existed (one document per target in the document store, fsynced);
 * then a query over 3 hours of 1-s data and the compaction that rolls it up.
 * Then the CloudWatch API on the store: PutMetricData's ingest
 * rate and GetMetricData's latency over 1,000 series x 1 day of 1-minute data, each against
 * the same work done straight on the store or its SQLite tables.
 * Run: npx tsc -p . && node dist/bench/metrics.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteMetricsStore } from '../src/metrics/sqlite-metrics-store.js';
import { Datum, MetricsStore } from '../src/metrics/store.js';
import { openSqliteStore } from '../src/state/sqlite-store.js';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery, MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ManualClock } from '../src/platform/clock.js';
import { silentLogger } from '../src/platform/log.js';
import { Gateway } from '../src/protocol/gateway.js';
import { callHandler, RequestContext, ServiceDefinition } from '../src/protocol/service.js';
import { MemoryStore } from '../src/state/memory-store.js';
import { cloudwatchService } from '../src/services/cloudwatch/api/provider.js';
import { AlarmActions } from '../src/services/cloudwatch/domain/actions.js';
import { AlarmBook } from '../src/services/cloudwatch/domain/alarm-book.js';
import { median } from './bench-support.js';

const SINGLE_PUTS = 5_000;
const BATCH = 100;
const BATCHES = 500;
const SERIES = 20;
const THREE_HOURS = 3 * 3600;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const SCOPE = { accountId: '000000000000', region: 'us-east-1' };

/** A statistic set of three 1s, or `value`. The scope as fields: `...SCOPE` heading this literal costs ~3.5 µs on Node 20, more than the store's work per datum. */
const datum = (i: number, resolution: 1 | 60 = 60, value?: number): Datum => ({
  accountId: SCOPE.accountId,
  region: SCOPE.region,
  namespace: 'AWS/ApplicationELB',
  metricName: 'RequestCount',
  dimensions: [{ name: 'LoadBalancer', value: 'app/web/0123456789abcdef' }, { name: 'TargetGroup', value: `targetgroup/tg-${i % SERIES}/0123456789abcdef` }],
  timestamp: new Date(T0 + Math.floor(i / SERIES) * 1000),
  ...(value === undefined ? { statistics: { sum: 3, sampleCount: 3, minimum: 1, maximum: 1 } } : { value }),
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

// ---- The CloudWatch API on the store: 1,000 series x 1 day of 1-minute data. ----

const CW_SERIES = 1000;
const DAY_MINUTES = 1440;
const HTTP_PUTS = 30;
const KEY = { accessKeyId: 'AKIABENCHMETRICS0001', secretAccessKey: 'bench-metrics-secret' };
const DAY_START = Date.now() - DAY_MINUTES * 60_000;

const host = (s: number) => [{ Name: 'Host', Value: `host-${String(s).padStart(4, '0')}` }];
/** One minute of the day: a datum per series, as a client batching its series would put it. */
const minuteOfData = (minute: number): MetricDatum[] =>
  Array.from({ length: CW_SERIES }, (_, s) => ({ MetricName: 'Latency', Dimensions: host(s), Timestamp: new Date(DAY_START + minute * 60_000 + 30_000), Value: (s + minute) % 97, Unit: 'Milliseconds' }));
const asStoreDatum = (d: MetricDatum): Datum => ({
  accountId: SCOPE.accountId, region: SCOPE.region,
  namespace: 'Bench', metricName: d.MetricName!, dimensions: d.Dimensions!.map((x) => ({ name: x.Name!, value: x.Value! })), timestamp: d.Timestamp as Date, value: d.Value, unit: d.Unit, storageResolution: 60,
});

function cloudwatch(metrics: MetricsStore): ServiceDefinition {
  const store = new MemoryStore(silentLogger);
  const book = new AlarmBook({ store, clock: new ManualClock(), minute: 60, actions: new AlarmActions(silentLogger) });
  return cloudwatchService({ store, metrics, book, minute: 60 });
}

const context = (): RequestContext => ({ requestId: 'bench', region: 'us-east-1', accountId: '000000000000', accessKeyId: KEY.accessKeyId, now: new Date() });

/** Datapoints/s through the PutMetricData handler (checks, then one store transaction per call) and straight into a store. */
function ingest(service: ServiceDefinition, raw: MetricsStore): { api: number; store: number } {
  const minutes = Array.from({ length: DAY_MINUTES }, (_, m) => minuteOfData(m));
  const api = perSecond(CW_SERIES * DAY_MINUTES, () => {
    for (const MetricData of minutes) callHandler(service.handlers.PutMetricData!, { Namespace: 'Bench', MetricData }, context());
  });
  const store = perSecond(CW_SERIES * DAY_MINUTES, () => {
    for (const data of minutes) raw.put(data.map(asStoreDatum));
  });
  return { api, store };
}

const stat = (Id: string, s: number, Period: number, ReturnData = true): MetricDataQuery => ({ Id, MetricStat: { Metric: { Namespace: 'Bench', MetricName: 'Latency', Dimensions: host(s) }, Period, Stat: 'Average' }, ReturnData });
const QUERIES: Record<string, MetricDataQuery[]> = {
  'one series, 1 day at 60 s (1,440 points)': [stat('m1', 7, 60)],
  'one series, 1 day at 1 h (24 points)': [stat('m1', 7, 3600)],
  // 499 metrics and the expression: GetMetricData takes at most 500 queries.
  'SUM of 499 series, 1 day at 1 h': [...Array.from({ length: 499 }, (_, s) => stat(`m${s}`, s, 3600, false)), { Id: 'total', Expression: 'SUM(METRICS())' }],
};

/** The same reads on metrics.db's tables: each series' id, then its periods grouped in SQL, summed in JS. */
function rawQuery(db: Database.Database, queries: MetricDataQuery[], start: number, end: number): number {
  const find = db.prepare('SELECT id FROM series WHERE account_id = ? AND region = ? AND namespace = ? AND metric_name = ? AND dimensions = ?').pluck();
  const periods = db.prepare(`SELECT (timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS k, sum(sum_value) AS sum, sum(sample_count) AS count
    FROM datapoints WHERE series = ? AND resolution IN (1, 60, 300, 3600) AND timestamp >= ? AND timestamp < ? GROUP BY k ORDER BY k`);
  const totals = new Map<number, number>();
  for (const q of queries) {
    if (!q.MetricStat) continue;
    const dims = JSON.stringify(q.MetricStat.Metric!.Dimensions!.map((d) => [d.Name, d.Value]));
    const id = find.get(SCOPE.accountId, SCOPE.region, 'Bench', 'Latency', dims);
    for (const row of periods.all(start, q.MetricStat.Period, id, start, end) as { k: number; sum: number; count: number }[]) totals.set(row.k, (totals.get(row.k) ?? 0) + row.sum / row.count);
  }
  return totals.size;
}

function timed(runs: number, fn: () => unknown): number {
  return median(Array.from({ length: runs }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  }));
}

async function timedAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** The edge in-process on a free port, serving only CloudWatch; SDK clients for JSON 1.0 and rpc-v2-cbor. */
async function edge(service: ServiceDefinition) {
  const gateway = new Gateway({ services: [service], credentials: { secretFor: (id) => (id === KEY.accessKeyId ? KEY.secretAccessKey : undefined) }, accountId: '000000000000', log: silentLogger });
  const server = createServer(gateway.listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const options = { endpoint, region: 'us-east-1', credentials: KEY, maxAttempts: 1 };
  // The SDK's rpc-v2-cbor protocol sends the uncompressed Content-Length with a gzip body (3.1164): compression off.
  const cbor = new CloudWatchClient({ ...options, protocol: AwsSmithyRpcV2CborProtocol, disableRequestCompression: true });
  return { json: new CloudWatchClient(options), cbor, close: () => new Promise((r) => server.close(r)) };
}

export async function cloudwatchBench(dir: string): Promise<void> {
  const metrics = openSqliteMetricsStore(join(dir, 'cloudwatch.db'));
  const raw = openSqliteMetricsStore(join(dir, 'cloudwatch-raw.db'));
  const service = cloudwatch(metrics);
  const rates = ingest(service, raw);
  console.log(`PutMetricData handler, ${CW_SERIES} datums per call: ${rates.api.toFixed(0)} datapoints/s (${(rates.api / rates.store).toFixed(2)}x the store's own ${rates.store.toFixed(0)}/s)`);
  const http = await edge(service);
  try {
    for (const [name, client] of [['JSON 1.0', http.json], ['rpc-v2-cbor', http.cbor]] as const) {
      const batches = Array.from({ length: HTTP_PUTS }, (_, i) => minuteOfData(i));
      const rate = CW_SERIES * HTTP_PUTS / ((await timedAsync(1, async () => {
        for (const MetricData of batches) await client.send(new PutMetricDataCommand({ Namespace: 'Bench', MetricData }));
      })) / 1000);
      console.log(`PutMetricData over HTTP (SDK, ${name}): ${rate.toFixed(0)} datapoints/s (${(rate / rates.store).toFixed(2)}x the store)`);
    }
    const db = new Database(join(dir, 'cloudwatch.db'), { readonly: true });
    const [start, end] = [new Date(DAY_START), new Date(DAY_START + DAY_MINUTES * 60_000)];
    for (const [what, queries] of Object.entries(QUERIES)) {
      const runs = queries.length > 1 ? 5 : 20;
      const input = { MetricDataQueries: queries, StartTime: start, EndTime: end };
      const api = timed(runs, () => callHandler(service.handlers.GetMetricData!, input, context()));
      const sql = timed(runs, () => rawQuery(db, queries, Math.floor(start.getTime() / 1000), Math.floor(end.getTime() / 1000)));
      const wire = await timedAsync(runs, () => http.cbor.send(new GetMetricDataCommand(input)));
      console.log(`GetMetricData, ${what}: ${api.toFixed(2)} ms in the handler, ${wire.toFixed(2)} ms over HTTP (rpc-v2-cbor); raw SQL ${sql.toFixed(2)} ms (handler ${(api / sql).toFixed(2)}x)`);
    }
    db.close();
  } finally {
    await http.close();
    metrics.close();
    raw.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-metrics-'));
  try {
    const metrics = openSqliteMetricsStore(join(dir, 'metrics.db'));
    const single = perSecond(SINGLE_PUTS, () => {
      for (let i = 0; i < SINGLE_PUTS; i++) metrics.put([datum(i)]);
    });
    const batched = perSecond(BATCH * BATCHES, () => {
      for (let b = 0; b < BATCHES; b++) metrics.put(Array.from({ length: BATCH }, (_, j) => datum(SINGLE_PUTS + b * BATCH + j)));
    });
    // Values that differ: buckets of many bins, merged in JS on every put (the others are all one value, merged in SQL).
    const distinct = perSecond(BATCH * BATCHES, () => {
      for (let b = 0; b < BATCHES; b++) metrics.put(Array.from({ length: BATCH }, (_, j) => datum(b * BATCH + j, 60, ((b * BATCH + j) * 37) % 1001)));
    });
    const baseline = documentStorePuts(dir);
    console.log(`metrics store, 1 datum per put:        ${single.toFixed(0)} puts/s (${(single / baseline).toFixed(1)}x the document store's ${baseline.toFixed(0)} fsynced puts/s)`);
    console.log(`metrics store, ${BATCH} datums per put:     ${batched.toFixed(0)} datums/s`);
    console.log(`  the same, distinct values:           ${distinct.toFixed(0)} datums/s`);
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
    await cloudwatchBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
