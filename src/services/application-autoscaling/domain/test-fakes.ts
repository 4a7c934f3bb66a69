/**
 * Test support: the two ports this service uses, as their providers document them.
 * - FakeServiceScaler: ECS services by `<cluster>/<service>` with a desired count; setting
 *   one on a missing service throws ECS's ServiceNotFoundException.
 * - FakeAlarms: alarms kept as put, states set by the test, and `act` delivering an alarm
 *   action to whoever registered its ARN prefix, as CloudWatch does.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { ServiceError } from '../../../protocol/errors.js';
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';
import { AlarmActionEvent, AlarmService, AlarmStateValue, AlarmStateView } from '../../cloudwatch/domain/ports.js';
import { ServiceCounts, ServiceScaler } from '../../ecs/domain/ports.js';

export class FakeServiceScaler implements ServiceScaler {
  readonly services = new Map<string, number>();
  readonly calls: Array<{ service: string; desiredCount: number }> = [];

  add(cluster: string, service: string, desiredCount: number): void {
    this.services.set(`${cluster}/${service}`, desiredCount);
  }

  desired(cluster: string, service: string): number | undefined {
    return this.services.get(`${cluster}/${service}`);
  }

  describe(_scope: Scope, cluster: string, service: string): ServiceCounts | undefined {
    const desiredCount = this.services.get(`${cluster}/${service}`);
    if (desiredCount === undefined) return undefined;
    return { serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/${cluster}/${service}`, status: 'ACTIVE', desiredCount, runningCount: desiredCount, pendingCount: 0 };
  }

  setDesiredCount(_scope: Scope, cluster: string, service: string, desiredCount: number): void {
    const key = `${cluster}/${service}`;
    if (!this.services.has(key)) throw new ServiceError('ServiceNotFoundException', 'Service not found.');
    this.services.set(key, desiredCount);
    this.calls.push({ service: key, desiredCount });
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

  onAction(arnPrefix: string, perform: (event: AlarmActionEvent) => void): void {
    this.performers.push({ prefix: arnPrefix, perform });
  }

  /** The alarm goes to ALARM with `value` as its newest datapoint, and its actions run. */
  act(scope: Scope, name: string, value: number, time: Date): void {
    const alarm = this.alarms.get(name);
    if (!alarm) throw new Error(`no alarm ${name}`);
    this.states.set(name, 'ALARM');
    for (const actionArn of alarm.AlarmActions ?? []) {
      const event: AlarmActionEvent = {
        scope, actionArn, alarmName: name, alarmArn: `arn:aws:cloudwatch:${scope.region}:${scope.accountId}:alarm:${name}`,
        state: 'ALARM', reason: 'Threshold Crossed', value, threshold: alarm.Threshold, time,
      };
      for (const p of this.performers) if (actionArn.startsWith(p.prefix)) p.perform(event);
    }
  }
}
