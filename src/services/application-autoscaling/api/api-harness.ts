/**
 * Test support: Application Auto Scaling's API on the memory store, with a manual clock and
 * fake ECS and CloudWatch ports, wired as the module wires them (policies act on the fake
 * alarms' actions, the scheduler runs on the manual clock, ECS deletions deregister targets).
 * One account and Region.
 */
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';
import { Operations } from '../../../protocol/generated/application-autoscaling.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { followServiceDeletions } from '../domain/deregistration.js';
import { DynamicScaling } from '../domain/dynamic-scaling.js';
import { INDEXES } from '../domain/records.js';
import { ServiceCapacity } from '../domain/scaling.js';
import { ScheduledScaling } from '../domain/scheduler.js';
import { FakeAlarms, FakeServiceScaler } from '../domain/test-fakes.js';
import { aasHandlers } from './provider.js';

export type { Answer } from '../../../protocol/handler-harness.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const SCOPE = { region: REGION, accountId: ACCOUNT };
export const ECS_TARGET = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: 'service/prod/web' };

export function aasApi(opts: { alarms?: boolean } = {}) {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  const scaler = new FakeServiceScaler();
  scaler.add('prod', 'web', 2);
  const alarms = opts.alarms === false ? undefined : new FakeAlarms();
  const capacity = new ServiceCapacity(scaler, silentLogger);
  const scheduler = new ScheduledScaling(store, capacity, clock, silentLogger);
  if (alarms) {
    const dynamic = new DynamicScaling(store, capacity, alarms, clock, silentLogger);
    alarms.onAction('arn:aws:autoscaling:', (event) => dynamic.perform(event));
  }
  followServiceDeletions(store, scaler, alarms, silentLogger);
  const handlers = aasHandlers({ store, scaler, capacity, alarms });
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'req-1', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOTROOTROOTROOT', now: clock.now(), ...over });
  const { call, failure } = handlerCaller<Operations>('ApplicationAutoScaling', handlers, ctx, (err) => `${err.code}: ${err.message}`);
  const register = (more: object = {}) => call('RegisterScalableTarget', { ...ECS_TARGET, MinCapacity: 1, MaxCapacity: 10, ...more });
  const activities = async (more: object = {}) => (await call('DescribeScalingActivities', { ServiceNamespace: 'ecs', ...more })).ScalingActivities;
  /** Moves the clock and lets the scheduler look, as its timer would. */
  const pass = (ms: number) => {
    clock.advance(ms);
    scheduler.tick();
  };
  return { store, clock, scaler, alarms, scheduler, call, failure, register, activities, pass };
}

export type AasApi = ReturnType<typeof aasApi>;
