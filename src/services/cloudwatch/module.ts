/**
 * The CloudWatch module: the API (metrics on the metrics store, alarms in the document
 * store), the `alarms` port for the services that own alarms or perform their actions, and
 * the scheduler that evaluates alarms on the module clock, every `--metric-period-seconds`
 * (CloudWatch's minute, 60 by default).
 */
import { ModuleDefinition } from '../../module.js';
import { cloudwatchService } from './api/provider.js';
import { AlarmActions } from './domain/actions.js';
import { AlarmBook } from './domain/alarm-book.js';
import { INDEXES } from './domain/records.js';
import { AlarmScheduler } from './domain/scheduler.js';

export const cloudwatchModule: ModuleDefinition = {
  name: 'cloudwatch',
  provides: ['alarms'],
  build: async ({ store, metrics, clock, log, config }) => {
    for (const index of INDEXES) store.defineIndex(index);
    const minute = config.metricPeriodSeconds;
    const book = new AlarmBook({ store, clock, minute, actions: new AlarmActions(log) });
    const scheduler = new AlarmScheduler({ store, metrics, clock, log, minute, book });
    return {
      name: 'cloudwatch',
      services: [cloudwatchService({ store, metrics, book, minute })],
      ports: { alarms: book },
      async start() {
        scheduler.start();
      },
      async stop() {
        scheduler.stop();
      },
    };
  },
};
