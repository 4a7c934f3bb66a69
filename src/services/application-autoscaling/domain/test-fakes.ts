/**
 * Test support: the two ports this service uses, as their providers document them.
 * - FakeServiceScaler: ECS services by `<cluster>/<service>` with a desired count; setting
 *   one on a missing service throws ECS's ServiceNotFoundException, on a draining one its
 *   ServiceNotActiveException. `remove` deletes a service as DeleteService does: it drains,
 *   and a store change (kind FAKE_DELETION) tells watchers.
 * - FakeAlarms: alarms kept as put, states set by the test, and `act` delivering an alarm
 *   action to whoever registered its ARN prefix, as CloudWatch does.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { ServiceError } from '../../../protocol/errors.js';
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';
import { Change, Store } from '../../../state/store.js';
import { AlarmActionEvent, AlarmRef, AlarmService, AlarmStateValue, AlarmStateView } from '../../cloudwatch/domain/ports.js';
import { ServiceCounts, ServiceRef, ServiceScaler } from '../../ecs/domain/ports.js';

export const FAKE_DELETION = 'fake-ecs/service-deletion';

export class FakeServiceScaler implements ServiceScaler {
  readonly services = new Map<string, number>();
  readonly draining = new Set<string>();
  readonly calls: Array<{ service: string; desiredCount: number }> = [];

  add(cluster: string, service: string, desiredCount: number): void {
    this.services.set(`${cluster}/${service}`, desiredCount);
    this.draining.delete(`${cluster}/${service}`);
  }

  /** DeleteService: the service drains at desired count 0, and the deletion is a store change. */
  remove(store: Store, scope: Scope, cluster: string, service: string): void {
    this.services.set(`${cluster}/${service}`, 0);
    this.draining.add(`${cluster}/${service}`);
    store.transact((tx) => tx.put<ServiceRef>(FAKE_DELETION, `${scope.region}/${scope.accountId}/${cluster}/${service}`, { scope, cluster, service }));
  }

  desired(cluster: string, service: string): number | undefined {
    return this.services.get(`${cluster}/${service}`);
  }

  describe(_scope: Scope, cluster: string, service: string): ServiceCounts | undefined {
    const desiredCount = this.services.get(`${cluster}/${service}`);
    if (desiredCount === undefined) return undefined;
    const status = this.draining.has(`${cluster}/${service}`) ? 'DRAINING' : 'ACTIVE';
    return { serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/${cluster}/${service}`, status, desiredCount, runningCount: desiredCount, pendingCount: 0 };
  }

  setDesiredCount(_scope: Scope, cluster: string, service: string, desiredCount: number): void {
    const key = `${cluster}/${service}`;
    if (!this.services.has(key)) throw new ServiceError('ServiceNotFoundException', 'Service not found.');
    if (this.draining.has(key)) throw new ServiceError('ServiceNotActiveException', 'Service was not ACTIVE.');
    this.services.set(key, desiredCount);
    this.calls.push({ service: key, desiredCount });
  }

  deletedService(change: Change): ServiceRef | undefined {
    return change.kind === FAKE_DELETION && change.record ? (change.record.doc as ServiceRef) : undefined;
  }
}

export class FakeAlarms implements AlarmService {
  readonly alarms = new Map<string, PutMetricAlarmInput>();
  readonly states = new Map<string, AlarmStateValue>();
  private readonly performers: Array<{ prefix: string; perform: (event: AlarmActionEvent) => void }> = [];

  putAlarm(_scope: Scope, input: PutMetricAlarmInput): void {
    this.alarms.set(input.AlarmName, input);
  }

  deleteAlarms(_scope: Scope, names: string[]): void {
    for (const name of names) this.alarms.delete(name);
  }

  alarmState(scope: Scope, name: string): AlarmStateView | undefined {
    if (!this.alarms.has(name)) return undefined;
    return { alarmArn: `arn:aws:cloudwatch:${scope.region}:${scope.accountId}:alarm:${name}`, state: this.states.get(name) ?? 'INSUFFICIENT_DATA', updated: new Date(0) };
  }

  alarmsActingOn(scope: Scope, actionArns: readonly string[]): Map<string, AlarmRef[]> {
    const named = [...this.alarms.values()].sort((a, b) => a.AlarmName.localeCompare(b.AlarmName));
    return new Map(actionArns.map((arn) => [arn, named
      .filter((a) => [...(a.OKActions ?? []), ...(a.AlarmActions ?? []), ...(a.InsufficientDataActions ?? [])].includes(arn))
      .map((a) => ({ AlarmName: a.AlarmName, AlarmARN: this.alarmState(scope, a.AlarmName)!.alarmArn }))]));
  }

  onAction(arnPrefix: string, perform: (event: AlarmActionEvent) => void): void {
    this.performers.push({ prefix: arnPrefix, perform });
  }

  /**
   * The alarm goes to ALARM with `value` as its newest datapoint, and its actions run;
   * `datapoints` (oldest first, ending with `value`) as on a state change.
   */
  act(scope: Scope, name: string, value: number, time: Date, datapoints?: number[]): void {
    const alarm = this.alarms.get(name);
    if (!alarm) throw new Error(`no alarm ${name}`);
    this.states.set(name, 'ALARM');
    for (const actionArn of alarm.AlarmActions ?? []) {
      const event: AlarmActionEvent = {
        scope, actionArn, alarmName: name, alarmArn: `arn:aws:cloudwatch:${scope.region}:${scope.accountId}:alarm:${name}`,
        state: 'ALARM', reason: 'Threshold Crossed', value, threshold: alarm.Threshold, time, ...(datapoints ? { datapoints } : {}),
      };
      for (const p of this.performers) if (actionArn.startsWith(p.prefix)) p.perform(event);
    }
  }
}
