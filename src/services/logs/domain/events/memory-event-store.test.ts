import { eventStoreConformance } from './conformance.js';
import { MemoryEventStore } from './memory-event-store.js';

eventStoreConformance('MemoryEventStore', () => ({ store: new MemoryEventStore(), cleanup: () => {} }));
