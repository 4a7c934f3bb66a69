/**
 * State store overhead: 2 KB JSON documents, single-record `transact` puts and
 * gets on SqliteStore against raw better-sqlite3 running the same statements
 * (same pragmas, schema and JSON work). The two alternate in rounds so both see
 * the same disk conditions; a time budget keeps a slow disk under 30 s.
 * Run: npx tsc -p . && node dist/bench/store.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/state/sqlite-store.js';

const PUTS = 20_000;
const GETS = 100_000;
const ROUNDS = 20;
const PUT_BUDGET_MS = 20_000;
const DOC_BYTES = 2048;
const KIND = 'task';

interface Driver {
  put(id: string): void;
  get(id: string): void;
  close(): void;
}

/** A task-like document padded to exactly DOC_BYTES of JSON. */
function makeDoc(): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    taskArn: `arn:aws:ecs:us-east-1:000000000000:task/default/${'0'.repeat(32)}`,
    lastStatus: 'RUNNING',
    containers: [{ name: 'web', image: 'nginx:latest', cpu: 256, memory: 512, essential: true }],
    padding: '',
  };
  doc.padding = 'x'.repeat(DOC_BYTES - JSON.stringify(doc).length);
  return doc;
}

function storeDriver(path: string, doc: unknown): Driver {
  const store = openSqliteStore(path);
  return {
    put: (id) => void store.transact((tx) => tx.put(KIND, id, doc)),
    get: (id) => void store.get(KIND, id),
    close: () => store.close(),
  };
}

/** What SqliteStore does per operation, without the Store layer. */
function rawDriver(path: string, doc: unknown): Driver {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE records (kind TEXT, id TEXT, version INTEGER NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (kind, id))`);
  const select = db.prepare('SELECT id, version, doc FROM records WHERE kind = ? AND id = ?');
  const upsert = db.prepare(`INSERT INTO records (kind, id, version, doc) VALUES (?, ?, ?, ?)
    ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, doc = excluded.doc`);
  const put = db.transaction((id: string) => {
    const current = select.get(KIND, id) as { version: number } | undefined;
    upsert.run(KIND, id, (current?.version ?? 0) + 1, JSON.stringify(doc));
  });
  return {
    put: (id) => put.immediate(id),
    get: (id) => JSON.parse((select.get(KIND, id) as { doc: string }).doc),
    close: () => db.close(),
  };
}

const idOf = (i: number) => `default/${String(i).padStart(8, '0')}`;

/** Runs op over ids in alternating rounds on both drivers; returns ops/s per driver (rounds stop at the budget). */
function race(drivers: [Driver, Driver], op: 'put' | 'get', ids: string[], budgetMs: number): { opsPerSec: number[]; ops: number } {
  const elapsed = drivers.map(() => 0);
  const perRound = Math.ceil(ids.length / ROUNDS);
  let ops = 0;
  for (let start = 0; start < ids.length && elapsed[0] + elapsed[1] < budgetMs; start += perRound) {
    const round = ids.slice(start, start + perRound);
    // Swap who goes first each round, so order effects (page cache, the other's fsync) fall on both.
    const order = (start / perRound) % 2 ? [1, 0] : [0, 1];
    for (const d of order) {
      const t0 = performance.now();
      for (const id of round) drivers[d][op](id);
      elapsed[d] += performance.now() - t0;
    }
    ops += round.length;
  }
  return { opsPerSec: elapsed.map((ms) => (ops / ms) * 1000), ops };
}

function report(label: string, { opsPerSec: [store, raw], ops }: { opsPerSec: number[]; ops: number }): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
  console.log(`${label} x${ops}: SqliteStore ${fmt(store)} ops/s   raw ${fmt(raw)} ops/s   ratio ${(store / raw).toFixed(2)}`);
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-store-'));
  const doc = makeDoc();
  const drivers: [Driver, Driver] = [storeDriver(join(dir, 'store.db'), doc), rawDriver(join(dir, 'raw.db'), doc)];
  try {
    console.log(`${DOC_BYTES}-byte docs, WAL + synchronous=FULL, in ${dir}`);
    const putIds = Array.from({ length: PUTS }, (_, i) => idOf(i));
    const puts = race(drivers, 'put', putIds, PUT_BUDGET_MS);
    report('put', puts);
    // Deterministic pseudo-random reads over the records written above.
    const getIds = Array.from({ length: GETS }, (_, i) => idOf((i * 7919) % puts.ops));
    report('get', race(drivers, 'get', getIds, Infinity));
  } finally {
    for (const driver of drivers) driver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
