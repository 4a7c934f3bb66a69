/**
 * The durable MetricsStore: its own SQLite database (`<data-dir>/metrics.db`), never the
 * document store's, so metric writes neither take the documents' write lock nor reach a
 * watcher. Layout and semantics: ./README.md.
 */
import Database from 'better-sqlite3';
import { Scope } from '../platform/aws/scope.js';
import { openSidecarDatabase } from '../state/sqlite-file.js';
import { AGGREGATE_BINS, binsCell, cellToPacked, defineBinsFunctions, MERGE_BINS } from './sqlite-bins.js';
import { bucketed, Bucketed, CanonicalSeries, CheckedFilter, checkFilter, CheckedQuery, checkQuery, CompactionStep, compactionSteps, extendedValues, mergedByBucket, statisticValues } from './metrics-common.js';
import { CompactResult, Datum, MetricFilter, MetricsStore, SeriesKey, SeriesQuery, StatisticDatapoint, StatisticSet } from './store.js';

/** Berth's account and region when none is configured: where series put before series had a scope are moved. */
export const DEFAULT_SCOPE: Scope = { accountId: '000000000000', region: 'us-east-1' };

/**
 * MIGRATIONS[i] upgrades schema version i to i + 1; the schema version is MIGRATIONS.length.
 * `unscoped` is the scope migration 2 gives the series of a database from before scopes.
 */
function migrations(unscoped: Scope): readonly string[] {
  if (!/^\d{12}$/.test(unscoped.accountId) || !/^[a-z0-9-]+$/.test(unscoped.region)) throw new TypeError('the scope of unscoped series must be an account id and a region');
  return [
    `CREATE TABLE series (
       id INTEGER PRIMARY KEY,
       namespace TEXT NOT NULL, metric_name TEXT NOT NULL, dimensions TEXT NOT NULL,
       last_active INTEGER NOT NULL,
       UNIQUE (namespace, metric_name, dimensions)
     );
     CREATE TABLE series_dimensions (
       name TEXT, value TEXT, series INTEGER,
       PRIMARY KEY (name, value, series)
     ) WITHOUT ROWID;
     CREATE TABLE datapoints (
       series INTEGER, resolution INTEGER, timestamp INTEGER, unit TEXT,
       sum_value REAL NOT NULL, sample_count REAL NOT NULL, min_value REAL NOT NULL, max_value REAL NOT NULL,
       PRIMARY KEY (series, resolution, timestamp, unit)
     ) WITHOUT ROWID;`,
    // Series of every account and region apart; the ids stay, so datapoints and dimensions keep pointing at them.
    `CREATE TABLE scoped_series (
       id INTEGER PRIMARY KEY,
       account_id TEXT NOT NULL, region TEXT NOT NULL,
       namespace TEXT NOT NULL, metric_name TEXT NOT NULL, dimensions TEXT NOT NULL,
       last_active INTEGER NOT NULL,
       UNIQUE (account_id, region, namespace, metric_name, dimensions)
     );
     INSERT INTO scoped_series (id, account_id, region, namespace, metric_name, dimensions, last_active)
       SELECT id, '${unscoped.accountId}', '${unscoped.region}', namespace, metric_name, dimensions, last_active FROM series;
     DROP TABLE series;
     ALTER TABLE scoped_series RENAME TO series;`,
    // Distributions in the bucket's row: one write per bucket. NULL where a bucket has none.
    'ALTER TABLE datapoints ADD COLUMN bins BLOB;',
    // No change to the tables: bins may now be UNIFORM (./sqlite-bins.ts), which an older Berth would misread, so it must refuse the file.
    '-- bins: UNIFORM',
  ];
}

// SET expressions read the old row's columns; MERGE_BINS relies on that.
const MERGE = `ON CONFLICT (series, resolution, timestamp, unit) DO UPDATE SET
  sum_value = sum_value + excluded.sum_value, sample_count = sample_count + excluded.sample_count,
  min_value = min(min_value, excluded.min_value), max_value = max(max_value, excluded.max_value),
  ${MERGE_BINS}`;

interface PeriodRow { k: number; unit: string; sum: number; count: number; min: number; max: number }
interface BinsRow { k: number; unit: string; bins: Buffer | null }
interface SeriesRow { account_id: string; region: string; namespace: string; metric_name: string; dimensions: string }

const RANGE = 'series = ? AND resolution IN (1, 60, 300, 3600) AND timestamp >= ? AND timestamp < ?';
const OLDER = 'series IN (SELECT id FROM series) AND resolution = :from AND timestamp < :before';

function prepareStatements(db: Database.Database) {
  // Binding turns JS numbers into REALs: CAST keeps the period arithmetic in integers.
  const k = '(timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS k, unit';
  const periods = `SELECT ${k}, sum(sum_value) AS sum, sum(sample_count) AS count, min(min_value) AS min, max(max_value) AS max FROM datapoints WHERE ${RANGE}`;
  const bins = `SELECT ${k}, ${AGGREGATE_BINS} AS bins FROM datapoints WHERE ${RANGE}`;
  return {
    findSeries: db.prepare('SELECT id, last_active FROM series WHERE account_id = ? AND region = ? AND namespace = ? AND metric_name = ? AND dimensions = ?'),
    insertSeries: db.prepare('INSERT INTO series (account_id, region, namespace, metric_name, dimensions, last_active) VALUES (?, ?, ?, ?, ?, ?) RETURNING id').pluck(),
    insertDimension: db.prepare('INSERT INTO series_dimensions (name, value, series) VALUES (?, ?, ?)'),
    touchSeries: db.prepare('UPDATE series SET last_active = ? WHERE id = ? AND last_active < ?'),
    putBucket: db.prepare(`INSERT INTO datapoints (series, resolution, timestamp, unit, sum_value, sample_count, min_value, max_value, bins)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ${MERGE}`),
    periods: db.prepare(`${periods} GROUP BY k, unit ORDER BY k, unit`),
    periodsOfUnit: db.prepare(`${periods} AND unit = ? GROUP BY k, unit ORDER BY k`),
    periodBins: db.prepare(`${bins} GROUP BY k, unit`),
    periodBinsOfUnit: db.prepare(`${bins} AND unit = ? GROUP BY k, unit`),
    // `series IN (SELECT id FROM series)` lets SQLite seek each series' range of the key instead of scanning the table.
    rollUp: db.prepare(`INSERT INTO datapoints (series, resolution, timestamp, unit, sum_value, sample_count, min_value, max_value, bins)
      SELECT series, CAST(:to AS INTEGER), timestamp - timestamp % :to, unit, sum(sum_value), sum(sample_count), min(min_value), max(max_value), ${AGGREGATE_BINS}
      FROM datapoints WHERE ${OLDER} GROUP BY series, timestamp - timestamp % :to, unit ${MERGE}`),
    deleteOld: db.prepare(`DELETE FROM datapoints WHERE ${OLDER}`),
    forgetDimensions: db.prepare('DELETE FROM series_dimensions WHERE series IN (SELECT id FROM series s WHERE NOT EXISTS (SELECT 1 FROM datapoints d WHERE d.series = s.id))'),
    forgetSeries: db.prepare('DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM datapoints d WHERE d.series = series.id)'),
  };
}

/** The listing query for one shape of filter (which parts are present), with its parameters. */
function listSql(f: CheckedFilter): { sql: string; params: unknown[] } {
  const where = ['account_id = ?', 'region = ?'];
  const params: unknown[] = [f.scope.accountId, f.scope.region];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (f.namespace !== undefined) add('namespace = ?', f.namespace);
  if (f.metricName !== undefined) add('metric_name = ?', f.metricName);
  if (f.activeSince !== undefined) add('last_active >= ?', f.activeSince);
  if (f.after) add('(namespace, metric_name, dimensions) > (?, ?, ?)', f.after.namespace, f.after.metricName, f.after.dimensionsJson);
  for (const d of f.dimensions) {
    if (d.value === undefined) add('id IN (SELECT series FROM series_dimensions WHERE name = ?)', d.name);
    else add('id IN (SELECT series FROM series_dimensions WHERE name = ? AND value = ?)', d.name, d.value);
  }
  const sql = `SELECT account_id, region, namespace, metric_name, dimensions FROM series WHERE ${where.join(' AND ')}
    ORDER BY namespace, metric_name, dimensions LIMIT ?`;
  return { sql, params: [...params, f.limit] };
}

export class SqliteMetricsStore implements MetricsStore {
  private readonly db: Database.Database;
  private readonly s: ReturnType<typeof prepareStatements>;
  /** Series id and newest bucket by canonical id, so a put for a known series is one upsert. */
  private readonly known = new Map<string, { id: number; lastActive: number }>();
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly putAll: Database.Transaction<(all: Bucketed[]) => void>;
  private readonly compactAll: Database.Transaction<(steps: CompactionStep[]) => CompactResult>;

  constructor(path: string, unscoped: Scope = DEFAULT_SCOPE) {
    this.db = openSidecarDatabase(path, migrations(unscoped));
    try {
      defineBinsFunctions(this.db);
      this.s = prepareStatements(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.putAll = this.db.transaction((all: Bucketed[]) => {
      for (const d of all) this.putOne(d);
    });
    this.compactAll = this.db.transaction((steps: CompactionStep[]) => this.runSteps(steps));
  }

  put(data: Datum[]): void {
    const all = mergedByBucket(data.map(bucketed));
    try {
      this.putAll.immediate(all);
    } catch (err) {
      // A rolled-back put may have cached series rows that were never committed.
      this.known.clear();
      throw err;
    }
  }

  query(q: SeriesQuery): StatisticDatapoint[] {
    const checked = checkQuery(q);
    const row = checked && (this.s.findSeries.get(...seriesParams(checked.series)) as { id: number } | undefined);
    if (!checked || !row) return [];
    const args = [checked.start, q.period, row.id, checked.start, checked.end, ...(q.unit === undefined ? [] : [q.unit])];
    const rows = (q.unit === undefined ? this.s.periods : this.s.periodsOfUnit).all(...args) as PeriodRow[];
    const sets = rows.map((r): StatisticSet => ({ sum: r.sum, sampleCount: r.count, minimum: r.min, maximum: r.max }));
    const extended = checked.extended.length > 0 ? this.extendedByPeriod(checked, rows, sets, args, q.unit !== undefined) : undefined;
    return rows.map((r, i) => ({
      timestamp: new Date((checked.start + r.k * q.period) * 1000),
      unit: r.unit,
      values: statisticValues(sets[i], q.statistics),
      ...(extended ? { extendedStatistics: extended[i] } : {}),
    }));
  }

  listMetrics(filter: MetricFilter): SeriesKey[] {
    const { sql, params } = listSql(checkFilter(filter));
    let statement = this.listStatements.get(sql);
    if (!statement) this.listStatements.set(sql, (statement = this.db.prepare(sql)));
    return (statement.all(...params) as SeriesRow[]).map((r) => ({
      accountId: r.account_id,
      region: r.region,
      namespace: r.namespace,
      metricName: r.metric_name,
      dimensions: (JSON.parse(r.dimensions) as [string, string][]).map(([name, value]) => ({ name, value })),
    }));
  }

  compact(now: Date): CompactResult {
    return this.compactAll.immediate(compactionSteps(now));
  }

  close(): void {
    this.db.close();
  }

  /** Each period's extended statistics, its distributions merged in SQL and read one period at a time. */
  private extendedByPeriod(checked: CheckedQuery, rows: PeriodRow[], sets: StatisticSet[], args: unknown[], ofUnit: boolean): Record<string, number>[] {
    const index = new Map(rows.map((r, i) => [`${r.k}|${r.unit}`, i]));
    const out = rows.map((): Record<string, number> => ({}));
    for (const b of (ofUnit ? this.s.periodBinsOfUnit : this.s.periodBins).iterate(...args) as IterableIterator<BinsRow>) {
      const i = index.get(`${b.k}|${b.unit}`);
      // A period's bins are UNIFORM only when all its samples are of one value: its statistic set's.
      if (i !== undefined && b.bins) out[i] = extendedValues(sets[i], cellToPacked(b.bins, sets[i].sampleCount, sets[i].minimum), checked.extended);
    }
    return out;
  }

  private runSteps(steps: CompactionStep[]): CompactResult {
    const result: CompactResult = { rolledUp: 0, expired: 0, seriesRemoved: 0 };
    for (const { from, to, before } of steps) {
      if (to !== undefined) this.s.rollUp.run({ from, to, before });
      const moved = this.s.deleteOld.run({ from, before }).changes;
      if (to === undefined) result.expired += moved;
      else result.rolledUp += moved;
    }
    // Only expiry can leave a series empty; rolling up keeps every series' data.
    if (result.expired > 0) {
      this.s.forgetDimensions.run();
      result.seriesRemoved = this.s.forgetSeries.run().changes;
      this.known.clear();
    }
    return result;
  }

  private putOne(d: Bucketed): void {
    const series = this.seriesRow(d.series, d.timestamp);
    if (d.timestamp > series.lastActive) {
      this.s.touchSeries.run(d.timestamp, series.id, d.timestamp);
      series.lastActive = d.timestamp;
    }
    const { sum, sampleCount, minimum, maximum } = d.stats;
    this.s.putBucket.run(series.id, d.resolution, d.timestamp, d.unit, sum, sampleCount, minimum, maximum, binsCell(d.stats, d.dist));
  }

  /** The cached row of a series, created when new. */
  private seriesRow(series: CanonicalSeries, timestamp: number): { id: number; lastActive: number } {
    const cached = this.known.get(series.mapKey);
    if (cached) return cached;
    const row = this.s.findSeries.get(...seriesParams(series)) as { id: number; last_active: number } | undefined;
    const entry = row ? { id: row.id, lastActive: row.last_active } : { id: this.createSeries(series, timestamp), lastActive: timestamp };
    this.known.set(series.mapKey, entry);
    return entry;
  }

  private createSeries(series: CanonicalSeries, timestamp: number): number {
    const id = this.s.insertSeries.get(...seriesParams(series), timestamp) as number;
    for (const d of series.dimensions) this.s.insertDimension.run(d.name, d.value, id);
    return id;
  }
}

const seriesParams = (s: CanonicalSeries) => [s.accountId, s.region, s.namespace, s.metricName, s.dimensionsJson];

/** `unscoped`: the account and region that series from before scopes existed are given (Berth's configured account). */
export function openSqliteMetricsStore(path: string, unscoped: Scope = DEFAULT_SCOPE): MetricsStore {
  return new SqliteMetricsStore(path, unscoped);
}
