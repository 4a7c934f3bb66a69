/**
 * Alarm actions: other services register who performs actions whose ARN starts with a
 * prefix (the `alarms` port's onAction); an alarm performs the actions of the state it
 * enters, when its actions are enabled. As in AWS, actions run on state changes only,
 * except Auto Scaling actions (ARNs of the `autoscaling` service: EC2 Auto Scaling and
 * Application Auto Scaling policies), which run again at every evaluation while the alarm
 * stays in ALARM. An ARN nobody performs fails, and the failure is the history's.
 */
import { parseArn } from '../../../platform/aws/arn.js';
import { Logger } from '../../../platform/log.js';
import { ActionOutcome } from './history.js';
import { AlarmActionEvent, AlarmStateValue } from './ports.js';
import { AlarmDoc } from './records.js';

type Performer = (event: AlarmActionEvent) => void;

/** Whether an action runs again at every evaluation while its alarm stays in ALARM. */
export function repeatsInAlarm(arn: string): boolean {
  return parseArn(arn)?.service === 'autoscaling';
}

/** The actions an alarm performs on entering `state`. */
export function actionsFor(alarm: AlarmDoc, state: AlarmStateValue): string[] {
  if (!alarm.ActionsEnabled) return [];
  return state === 'ALARM' ? alarm.AlarmActions : state === 'OK' ? alarm.OKActions : alarm.InsufficientDataActions;
}

export class AlarmActions {
  private readonly performers: { prefix: string; perform: Performer }[] = [];

  constructor(private readonly log: Logger) {}

  register(prefix: string, perform: Performer): void {
    this.performers.push({ prefix, perform });
  }

  /** Performs each action (the longest matching prefix's performer) and says how it went. */
  perform(arns: readonly string[], event: Omit<AlarmActionEvent, 'actionArn'>): ActionOutcome[] {
    return arns.map((arn) => {
      const performer = this.performers.filter((p) => arn.startsWith(p.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
      if (!performer) return { arn, error: `Berth has no service that performs actions of ${parseArn(arn)?.service ?? arn}.` };
      try {
        const result: unknown = performer.perform({ ...event, actionArn: arn });
        // A performer that works asynchronously reports its own failures; one left unhandled is logged here.
        if (result instanceof Promise) result.catch((err) => this.log.error('alarm action failed', { arn, alarm: event.alarmName, err }));
        return { arn };
      } catch (err) {
        return { arn, error: err instanceof Error ? err.message : String(err) };
      }
    });
  }
}
