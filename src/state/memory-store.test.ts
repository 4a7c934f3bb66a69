import { storeConformance } from './conformance.js';
import { MemoryStore } from './memory-store.js';

storeConformance('MemoryStore', () => ({ store: new MemoryStore(), cleanup: () => {} }));
