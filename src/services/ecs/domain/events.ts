/**
 * ECS events as EventBridge delivers them: "ECS Task State Change" and "ECS Container
 * Instance State Change", in EventBridge's envelope, the detail being the Task or
 * ContainerInstance as the API shows it, with ISO-8601 times (as events carry them) and
 * `updatedAt`. Pure: the journal (event-journal.ts) keeps them.
 */
import { randomUUID } from 'node:crypto';
import { ServiceModel } from '../../../protocol/model.js';
import { Scope } from './names.js';

export const TASK_STATE_CHANGE = 'ECS Task State Change';
export const INSTANCE_STATE_CHANGE = 'ECS Container Instance State Change';

export interface EcsEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.ecs';
  account: string;
  /** Seconds precision, as EventBridge writes it. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** The members whose change AWS announces. */
const WATCHED: Record<string, readonly string[]> = {
  [TASK_STATE_CHANGE]: ['lastStatus', 'desiredStatus'],
  [INSTANCE_STATE_CHANGE]: ['status', 'agentConnected'],
};

/** Whether a record's change is one AWS emits an event of this type for: new, or a watched member changed. */
export function isAnnounced(detailType: string, previous: object | undefined, current: object): boolean {
  if (!previous) return true;
  const [p, c] = [previous as Record<string, unknown>, current as Record<string, unknown>];
  return WATCHED[detailType].some((m) => p[m] !== c[m]);
}

export function ecsEvent(detailType: string, scope: Scope, resource: string, detail: Record<string, unknown>, now: Date, id: string = randomUUID()): EcsEvent {
  return {
    version: '0', id, 'detail-type': detailType, source: 'aws.ecs', account: scope.accountId,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), region: scope.region, resources: [resource], detail,
  };
}

/**
 * A record as the wire shape `shapeName` holds it: members the model does not know (Berth's
 * own) dropped, timestamps as ISO strings. The same walk as the API's serializer, but for
 * an event's JSON rather than a response's.
 */
export function eventJson(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const shape = model.shapes[shapeName];
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = eventJson(model, ref.shape, (value as Record<string, unknown>)[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => eventJson(model, shape.member!.shape, item));
    case 'timestamp':
      return new Date(typeof value === 'number' ? value * 1000 : String(value)).toISOString();
    default:
      return value;
  }
}

/** The Task detail: the wire Task, without the tags events leave out, and when it changed. */
export function taskDetail(model: ServiceModel, task: object, updatedAt: Date): Record<string, unknown> {
  const { tags: _tags, ...detail } = eventJson(model, 'Task', task) as Record<string, unknown>;
  return { ...detail, updatedAt: updatedAt.toISOString() };
}

/** The ContainerInstance detail: the wire instance with its cluster, as events name it, and when it changed. */
export function instanceDetail(model: ServiceModel, instance: object, clusterArn: string, updatedAt: Date): Record<string, unknown> {
  const { tags: _tags, runningTasksCount: _r, pendingTasksCount: _p, ...detail } = eventJson(model, 'ContainerInstance', instance) as Record<string, unknown>;
  return { ...detail, clusterArn, updatedAt: updatedAt.toISOString() };
}
