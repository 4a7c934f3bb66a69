/**
 * The Application Auto Scaling module: the API, the policies' reactions to CloudWatch alarm
 * actions (`arn:aws:autoscaling:…`, registered with the `alarms` port) and the scheduler of
 * scheduled actions. ECS services are scaled through the `serviceScaler` port. Both ports
 * are optional: without ECS nothing is scaled (there is no capacity to read), without
 * CloudWatch no policy ever acts. With ECS, deleting a service deregisters its target.
 */
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { aasService } from './api/provider.js';
import { followServiceDeletions } from './domain/deregistration.js';
import { DynamicScaling } from './domain/dynamic-scaling.js';
import { INDEXES } from './domain/records.js';
import { ServiceCapacity } from './domain/scaling.js';
import { ScheduledScaling } from './domain/scheduler.js';

export const applicationAutoScalingModule: ModuleDefinition = {
  name: 'application-autoscaling',
  requires: { alarms: 'optional', serviceScaler: 'optional' },
  build: async (ctx, ports) => buildApplicationAutoScaling(ctx, ports),
};

function buildApplicationAutoScaling(ctx: ModuleContext, ports: Partial<Ports>): BerthModule {
  const { store, clock, log } = ctx;
  for (const index of INDEXES) store.defineIndex(index);
  const capacity = new ServiceCapacity(ports.serviceScaler, log);
  const scheduler = new ScheduledScaling(store, capacity, clock, log);
  const unfollow = ports.serviceScaler && followServiceDeletions(store, ports.serviceScaler, ports.alarms, log);
  if (ports.alarms) {
    const dynamic = new DynamicScaling(store, capacity, ports.alarms, clock, log);
    ports.alarms.onAction('arn:aws:autoscaling:', (event) => dynamic.perform(event));
  }
  return {
    name: 'application-autoscaling',
    services: [aasService({ store, scaler: ports.serviceScaler, capacity, alarms: ports.alarms, minuteSeconds: ctx.config.metricPeriodSeconds })],
    async start() {
      scheduler.tick();
      scheduler.start();
    },
    async stop() {
      scheduler.stop();
      unfollow?.();
    },
  };
}
