/**
 * Alarms in the document store and the `alarms` port (./ports.ts). Every change is one
 * transaction with its history item: PutMetricAlarm creates (INSUFFICIENT_DATA, "Unchecked:
 * Initial alarm creation") or replaces the configuration and leaves the state; a state
 * change (SetAlarmState or an evaluation) records a StateUpdate, then performs the actions
 * of the new state outside the transaction and records each outcome as an Action item.
 */
import { TagProblem, tagProblem } from '../../../platform/aws/tags.js';
import { buildArn } from '../../../platform/aws/arn.js';
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import { Clock } from '../../../platform/clock.js';
import { PutMetricAlarmInput, Tag } from '../../../protocol/generated/cloudwatch.js';
import { ReadTx, StoredRecord, Store } from '../../../state/store.js';
import { AlarmActions, actionsFor, repeatsInAlarm } from './actions.js';
import { alarmConfig } from './alarm-rules.js';
import { cwErrors } from './errors.js';
import { recordAction, recordConfiguration, recordStateUpdate, StateSnapshot } from './history.js';
import { AlarmActionEvent, AlarmRef, AlarmService, AlarmStateValue, AlarmStateView } from './ports.js';
import { INITIAL_REASON } from './reasons.js';
import { AlarmConfig, AlarmDoc, alarmRecordId, KIND, scopeOfAlarm } from './records.js';
import { freshEvaluationSeconds } from './scheduler.js';

export interface AlarmBookDeps {
  store: Store;
  clock: Clock;
  /** The configured minute (60 outside tests). */
  minute: number;
  actions: AlarmActions;
}

/** A new state and why: what SetAlarmState gives, or an evaluation found. */
export interface StateChange extends StateSnapshot {
  StateValue: AlarmStateValue;
  /** The newest evaluated datapoint, for the performers of actions. */
  value?: number;
}

export const alarmArn = (scope: Scope, name: string) => buildArn('cloudwatch', scope, `alarm:${name}`);

const TAG_PROBLEMS: Record<TagProblem, string> = {
  'too-many': 'A resource can have at most 50 tags.',
  'empty-key': 'A tag key must not be empty.',
  'key-too-long': 'A tag key must be at most 128 characters long.',
  'value-too-long': 'A tag value must be at most 256 characters long.',
  'reserved-prefix': 'Tag keys beginning with aws: are reserved for AWS.',
};

/** AWS's tag rules, as CloudWatch's InvalidParameterValue. */
export function tagError(tags: Tag[]) {
  const problem = tagProblem(tags.map((t) => ({ key: t.Key, value: t.Value })));
  return problem && cwErrors.invalidValue(TAG_PROBLEMS[problem]);
}

export class AlarmBook implements AlarmService {
  constructor(private readonly deps: AlarmBookDeps) {}

  putAlarm(scope: Scope, input: PutMetricAlarmInput): void {
    const config = alarmConfig(input, this.deps.minute);
    const now = this.deps.clock.now();
    this.deps.store.transact((tx) => {
      const id = alarmRecordId(scope, config.AlarmName);
      const existing = tx.get<AlarmDoc>(KIND.alarm, id);
      if (existing) {
        // Tags given when an alarm is updated are ignored, as in AWS.
        const doc: AlarmDoc = { ...stateOf(existing.doc), ...config, AlarmConfigurationUpdatedTimestamp: now.toISOString() };
        tx.put(KIND.alarm, id, doc, existing.version);
        recordConfiguration(tx, scope, now, 'Update', doc, existing.doc);
        return;
      }
      const problem = tagError(input.Tags ?? []);
      if (problem) throw problem;
      const doc: AlarmDoc = {
        ...config, region: scope.region, accountId: scope.accountId, AlarmArn: alarmArn(scope, config.AlarmName),
        AlarmConfigurationUpdatedTimestamp: now.toISOString(), StateValue: 'INSUFFICIENT_DATA', StateReason: INITIAL_REASON,
        StateUpdatedTimestamp: now.toISOString(), StateTransitionedTimestamp: now.toISOString(), tags: input.Tags ?? [],
      };
      tx.put(KIND.alarm, id, doc, 0);
      recordConfiguration(tx, scope, now, 'Create', doc);
    });
  }

  deleteAlarms(scope: Scope, names: string[]): void {
    const now = this.deps.clock.now();
    this.deps.store.transact((tx) => {
      for (const name of new Set(names)) {
        const existing = tx.get<AlarmDoc>(KIND.alarm, alarmRecordId(scope, name));
        if (!existing) continue;
        tx.delete(KIND.alarm, existing.id);
        recordConfiguration(tx, scope, now, 'Delete', existing.doc);
      }
    });
  }

  alarmState(scope: Scope, name: string): AlarmStateView | undefined {
    const doc = this.find(this.deps.store, scope, name)?.doc;
    return doc && {
      alarmArn: doc.AlarmArn, state: doc.StateValue, updated: new Date(doc.StateTransitionedTimestamp), freshEvaluationSeconds: freshEvaluationSeconds(doc, this.deps.minute),
    };
  }

  alarmsActingOn(scope: Scope, actionArns: readonly string[]): Map<string, AlarmRef[]> {
    const found = new Map<string, AlarmRef[]>(actionArns.map((arn) => [arn, []]));
    for (const alarm of this.list(this.deps.store, scope)) {
      const named = new Set([...alarm.OKActions, ...alarm.AlarmActions, ...alarm.InsufficientDataActions]);
      for (const arn of named) found.get(arn)?.push({ AlarmName: alarm.AlarmName, AlarmARN: alarm.AlarmArn });
    }
    return found;
  }

  onAction(arnPrefix: string, perform: (event: AlarmActionEvent) => void): void {
    this.deps.actions.register(arnPrefix, perform);
  }

  find(tx: ReadTx, scope: Scope, name: string): StoredRecord<AlarmDoc> | undefined {
    return tx.get<AlarmDoc>(KIND.alarm, alarmRecordId(scope, name));
  }

  /** A scope's alarms in name order. */
  list(tx: ReadTx, scope: Scope): AlarmDoc[] {
    return tx.list<AlarmDoc>(KIND.alarm, { prefix: scopePrefix(scope) }).map((r) => r.doc);
  }

  /** SetAlarmState: the state as given, until the next evaluation; the same state changes nothing. */
  setState(scope: Scope, name: string, change: StateChange): void {
    const record = this.find(this.deps.store, scope, name);
    if (!record) throw cwErrors.alarmNotFound();
    if (record.doc.StateValue === change.StateValue) return;
    this.transition(record, change);
  }

  /**
   * Moves the alarm to a new state, unless it changed since `record` was read (then the
   * next evaluation decides again), and performs the new state's actions.
   */
  transition(record: StoredRecord<AlarmDoc>, change: StateChange): void {
    const now = this.deps.clock.now();
    const before = record.doc;
    const doc: AlarmDoc = {
      ...before, StateValue: change.StateValue, StateReason: change.StateReason, StateUpdatedTimestamp: now.toISOString(), StateTransitionedTimestamp: now.toISOString(),
    };
    if (change.StateReasonData !== undefined) doc.StateReasonData = change.StateReasonData;
    else delete doc.StateReasonData;
    const done = this.deps.store.transact((tx) => {
      const current = tx.get<AlarmDoc>(KIND.alarm, record.id);
      if (current?.version !== record.version) return false;
      tx.put(KIND.alarm, record.id, doc, record.version);
      recordStateUpdate(tx, scopeOfAlarm(doc), doc.AlarmName, now, before, doc);
      return true;
    });
    if (done) this.perform(doc, actionsFor(doc, change.StateValue), change.value, recentDatapoints(change.StateReasonData));
  }

  /** At an evaluation that leaves the alarm in ALARM: its Auto Scaling actions run again. */
  repeatAlarmActions(doc: AlarmDoc, value?: number): void {
    this.perform(doc, actionsFor(doc, 'ALARM').filter(repeatsInAlarm), value);
  }

  setActionsEnabled(scope: Scope, names: string[], enabled: boolean): void {
    const now = this.deps.clock.now();
    this.deps.store.transact((tx) => {
      for (const name of new Set(names)) {
        const existing = this.find(tx, scope, name);
        if (!existing || existing.doc.ActionsEnabled === enabled) continue;
        const doc = { ...existing.doc, ActionsEnabled: enabled, AlarmConfigurationUpdatedTimestamp: now.toISOString() };
        tx.put(KIND.alarm, existing.id, doc, existing.version);
        recordConfiguration(tx, scope, now, 'Update', doc, existing.doc);
      }
    });
  }

  private perform(doc: AlarmDoc, arns: string[], value?: number, datapoints?: number[]): void {
    if (arns.length === 0) return;
    const now = this.deps.clock.now();
    const scope = scopeOfAlarm(doc);
    const outcomes = this.deps.actions.perform(arns, {
      scope, alarmName: doc.AlarmName, alarmArn: doc.AlarmArn, state: doc.StateValue, reason: doc.StateReason, value, threshold: doc.Threshold, time: now,
      ...(datapoints ? { datapoints } : {}),
    });
    this.deps.store.transact((tx) => {
      for (const outcome of outcomes) recordAction(tx, scope, doc.AlarmName, now, outcome);
    });
  }
}

/** The recentDatapoints of the state reason data, when it has any (an evaluation's always does). */
function recentDatapoints(reasonData: string | undefined): number[] | undefined {
  if (reasonData === undefined) return undefined;
  try {
    const points: unknown = (JSON.parse(reasonData) as { recentDatapoints?: unknown }).recentDatapoints;
    return Array.isArray(points) && points.length > 0 && points.every((p) => typeof p === 'number') ? points : undefined;
  } catch {
    return undefined;
  }
}

/** An alarm's state and identity, which a new configuration keeps. */
function stateOf(doc: AlarmDoc): Omit<AlarmDoc, keyof AlarmConfig | 'AlarmConfigurationUpdatedTimestamp'> {
  const { region, accountId, AlarmArn, StateValue, StateReason, StateReasonData, StateUpdatedTimestamp, StateTransitionedTimestamp, tags } = doc;
  return { region, accountId, AlarmArn, StateValue, StateReason, ...(StateReasonData !== undefined ? { StateReasonData } : {}), StateUpdatedTimestamp, StateTransitionedTimestamp, tags };
}
