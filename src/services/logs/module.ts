/**
 * The CloudWatch Logs module: the Logs API, the awslogs shipper (src/controllers/logs/) that
 * carries ECS containers' output into log streams, and the retention sweep. Events live in
 * their own database, `<data-dir>/logs.db` (domain/events/), beside the document store.
 * It needs no other module's port: the shipper reads ECS task records and the runtime.
 */
import { join } from 'node:path';
import { LogShipper } from '../../controllers/logs/shipper.js';
import { ModuleDefinition } from '../../module.js';
import { logsService } from './api/provider.js';
import { openSqliteEventStore } from './domain/events/sqlite-event-store.js';
import { RetentionSweeper } from './domain/retention.js';

export const logsModule: ModuleDefinition = {
  name: 'logs',
  build: async (ctx) => {
    const { store, runtime, clock, log } = ctx;
    const events = openSqliteEventStore(join(ctx.config.dataDir, 'logs.db'));
    const shipper = new LogShipper({ store, runtime, clock, log, events });
    const sweeper = new RetentionSweeper(store, events, clock, log);
    return {
      name: 'logs',
      services: [logsService({ store, events })],
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
