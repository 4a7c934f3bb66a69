import { metricsConformance } from './conformance.js';
import { MemoryMetricsStore } from './memory-metrics-store.js';

metricsConformance('MemoryMetricsStore', () => ({ store: new MemoryMetricsStore(), cleanup: () => {} }));
