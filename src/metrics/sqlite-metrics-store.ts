/**
 * The durable MetricsStore: its own SQLite database (`<data-dir>/metrics.db`), never the
 * document store's, so metric writes neither take the documents' write lock nor reach a
 * watcher. Layout and semantics: ./README.md.
 */
import Database from 'better-sqlite3';
import { openSidecarDatabase } from '../state/sqlite-file.js';
import { bucketed, Bucketed, CanonicalSeries, CheckedFilter, checkFilter, checkQuery, CompactionStep, compactionSteps, statisticValues } from './metrics-common.js';
import { CompactResult, Datum, MetricFilter, MetricsStore, SeriesKey, SeriesQuery, StatisticDatapoint } from './store.js';

/** MIGRATIONS[i] upgrades schema version i to i + 1; the schema version is MIGRATIONS.length. */
const MIGRATIONS: readonly string[] = [
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
];

const MERGE = `ON CONFLICT (series, resolution, timestamp, unit) DO UPDATE SET
  sum_value = sum_value + excluded.sum_value, sample_count = sample_count + excluded.sample_count,
  min_value = min(min_value, excluded.min_value), max_value = max(max_value, excluded.max_value)`;

interface PeriodRow { k: number; unit: string; sum: number; count: number; min: number; max: number }
interface SeriesRow { namespace: string; metric_name: string; dimensions: string }

function prepareStatements(db: Database.Database) {
  // Binding turns JS numbers into REALs: CAST keeps the period arithmetic in integers.
  const periods = `SELECT (timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS k, unit,
      sum(sum_value) AS sum, sum(sample_count) AS count, min(min_value) AS min, max(max_value) AS max
    FROM datapoints WHERE series = ? AND resolution IN (1, 60, 300, 3600) AND timestamp >= ? AND timestamp < ?`;
  return {
    findSeries: db.prepare('SELECT id, last_active FROM series WHERE namespace = ? AND metric_name = ? AND dimensions = ?'),
    insertSeries: db.prepare('INSERT INTO series (namespace, metric_name, dimensions, last_active) VALUES (?, ?, ?, ?) RETURNING id').pluck(),
    insertDimension: db.prepare('INSERT INTO series_dimensions (name, value, series) VALUES (?, ?, ?)'),
    touchSeries: db.prepare('UPDATE series SET last_active = ? WHERE id = ? AND last_active < ?'),
    putBucket: db.prepare(`INSERT INTO datapoints (series, resolution, timestamp, unit, sum_value, sample_count, min_value, max_value)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${MERGE}`),
    periods: db.prepare(`${periods} GROUP BY k, unit ORDER BY k, unit`),
    periodsOfUnit: db.prepare(`${periods} AND unit = ? GROUP BY k, unit ORDER BY k`),
    // `series IN (SELECT id FROM series)` lets SQLite seek each series' range of the primary key instead of scanning the table.
    rollUp: db.prepare(`INSERT INTO datapoints (series, resolution, timestamp, unit, sum_value, sample_count, min_value, max_value)
      SELECT series, CAST(:to AS INTEGER), timestamp - timestamp % :to, unit, sum(sum_value), sum(sample_count), min(min_value), max(max_value)
      FROM datapoints WHERE series IN (SELECT id FROM series) AND resolution = :from AND timestamp < :before
      GROUP BY series, timestamp - timestamp % :to, unit ${MERGE}`),
    deleteOld: db.prepare('DELETE FROM datapoints WHERE series IN (SELECT id FROM series) AND resolution = :from AND timestamp < :before'),
    forgetDimensions: db.prepare('DELETE FROM series_dimensions WHERE series IN (SELECT id FROM series s WHERE NOT EXISTS (SELECT 1 FROM datapoints d WHERE d.series = s.id))'),
    forgetSeries: db.prepare('DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM datapoints d WHERE d.series = series.id)'),
  };
}

/** The listing query for one shape of filter (which parts are present), with its parameters. */
function listSql(f: CheckedFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
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
  const sql = `SELECT namespace, metric_name, dimensions FROM series ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
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

  constructor(path: string) {
    this.db = openSidecarDatabase(path, MIGRATIONS);
    try {
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
    const all = data.map(bucketed);
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
    const row = checked && (this.s.findSeries.get(checked.series.namespace, checked.series.metricName, checked.series.dimensionsJson) as { id: number } | undefined);
    if (!checked || !row) return [];
    const args = [checked.start, q.period, row.id, checked.start, checked.end];
    const rows = (q.unit === undefined ? this.s.periods.all(...args) : this.s.periodsOfUnit.all(...args, q.unit)) as PeriodRow[];
    return rows.map((r) => ({
      timestamp: new Date((checked.start + r.k * q.period) * 1000),
      unit: r.unit,
      values: statisticValues({ sum: r.sum, sampleCount: r.count, minimum: r.min, maximum: r.max }, q.statistics),
    }));
  }

  listMetrics(filter?: MetricFilter): SeriesKey[] {
    const { sql, params } = listSql(checkFilter(filter));
    let statement = this.listStatements.get(sql);
    if (!statement) this.listStatements.set(sql, (statement = this.db.prepare(sql)));
    return (statement.all(...params) as SeriesRow[]).map((r) => ({
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
    this.s.putBucket.run(series.id, d.resolution, d.timestamp, d.unit, sum, sampleCount, minimum, maximum);
  }

  /** The cached row of a series, created when new. */
  private seriesRow(series: CanonicalSeries, timestamp: number): { id: number; lastActive: number } {
    const cached = this.known.get(series.mapKey);
    if (cached) return cached;
    const row = this.s.findSeries.get(series.namespace, series.metricName, series.dimensionsJson) as { id: number; last_active: number } | undefined;
    const entry = row ? { id: row.id, lastActive: row.last_active } : { id: this.createSeries(series, timestamp), lastActive: timestamp };
    this.known.set(series.mapKey, entry);
    return entry;
  }

  private createSeries(series: CanonicalSeries, timestamp: number): number {
    const id = this.s.insertSeries.get(series.namespace, series.metricName, series.dimensionsJson, timestamp) as number;
    for (const d of series.dimensions) this.s.insertDimension.run(d.name, d.value, id);
    return id;
  }
}

export function openSqliteMetricsStore(path: string): MetricsStore {
  return new SqliteMetricsStore(path);
}
