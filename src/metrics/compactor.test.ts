/** The compactor: compacts at start with the injected clock, and a failing compaction is logged, not thrown. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../platform/clock.js';
import { Logger, silentLogger } from '../platform/log.js';
import { MetricsCompactor } from './compactor.js';
import { MemoryMetricsStore } from './memory-metrics-store.js';
import { MetricsStore } from './store.js';

const SERIES = { accountId: '000000000000', region: 'us-east-1', namespace: 'N', metricName: 'm', dimensions: [] };

describe('MetricsCompactor', () => {
  it('compacts as of the clock at start', () => {
    const store = new MemoryMetricsStore();
    store.put([{ ...SERIES, timestamp: new Date('2026-01-01T00:00:01Z'), value: 1, storageResolution: 1 }]);
    const compactor = new MetricsCompactor(store, new ManualClock('2026-01-01T04:00:00Z'), silentLogger);
    compactor.start();
    compactor.stop();
    const points = store.query({ series: SERIES, start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-02T00:00:00Z'), period: 1, statistics: ['Sum'] });
    assert.deepEqual(points.map((p) => p.timestamp.toISOString()), ['2026-01-01T00:00:00.000Z'], 'the 1-s bucket became a 60-s one');
  });

  it('logs a failed compaction and carries on', () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (msg) => void warnings.push(msg) };
    const failing = { compact: () => { throw new Error('disk full'); } } as unknown as MetricsStore;
    new MetricsCompactor(failing, new ManualClock(), log).run();
    assert.deepEqual(warnings, ['metrics compaction failed']);
  });
});
