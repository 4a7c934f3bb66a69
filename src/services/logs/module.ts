/**
 * The CloudWatch Logs module: the Logs API, the awslogs shipper (src/controllers/logs/) that
 * carries ECS containers' output into log streams, and the retention sweep. Events live in
 * their own database, `<data-dir>/logs.db` (domain/events/), beside the document store.
 * It needs no other module's port: the shipper reads ECS task records and the runtime.
 * Live Tail sessions hear new events from a feed on the event store (domain/events/live-feed.ts).
 */
import { join } from 'node:path';
import { LogShipper } from '../../controllers/logs/shipper.js';
import { ModuleDefinition } from '../../module.js';
import { logsService } from './api/provider.js';
import { timerEvery } from './api/start-live-tail.js';
import { LiveEventStore, LiveFeed } from './domain/events/live-feed.js';
import { openSqliteEventStore } from './domain/events/sqlite-event-store.js';
import { RetentionSweeper } from './domain/retention.js';

export const logsModule: ModuleDefinition = {
  name: 'logs',
  build: async (ctx) => {
    const { store, runtime, runtimes, clock, log } = ctx;
    // Every append (the API's and the shipper's) also reaches Live Tail sessions through the feed.
    const feed = new LiveFeed((err) => log.error('live tail listener failed', { err }));
    const events = new LiveEventStore(openSqliteEventStore(join(ctx.config.dataDir, 'logs.db')), feed);
    const shipper = new LogShipper({ store, runtime, runtimes, clock, log, events });
    const sweeper = new RetentionSweeper(store, events, clock, log);
    return {
      name: 'logs',
      services: [logsService({ store, events }, { feed, clock, every: timerEvery, log })],
      async start() {
        // Before the task controller starts (this module comes first in berth.ts): tasks created
        // before a restart get the driver's start check before any container of theirs runs.
        shipper.checkWaitingTasks();
        shipper.start();
        sweeper.start();
      },
      async stop() {
        sweeper.stop();
        await shipper.stop();
        events.close();
      },
    };
  },
};
