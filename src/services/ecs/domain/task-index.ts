/**
 * The store indexes ECS reads by, so that cluster and service counts, ListTasks pages
 * and the tasks on an instance cost the same with 10 or 10,000 tasks in a cluster.
 * Every key starts with the cluster's store key (`<region>/<account>/<cluster>`).
 */
import { IndexDefinition, ReadTx, StoredRecord, Store } from '../../../state/store.js';
import { KIND } from './names.js';
import { isActiveTask, TaskDoc } from './task-doc.js';

export const TASK_INDEX = 'by-cluster';
export const SERVICE_INDEX = 'by-cluster';
export const INSTANCE_INDEX = 'by-cluster';
/** Active awsvpc tasks per Berth network (networks span clusters and accounts). */
export const NETWORK_INDEX = 'by-network';

/** `arn:aws:ecs:<region>:<account>:cluster/<name>` → `<region>/<account>/<name>`. */
export function clusterKeyOfArn(arn: string): string {
  const [, , , region, account, resource] = arn.split(':');
  return `${region}/${account}/${resource.slice(resource.indexOf('/') + 1)}`;
}

const idOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
/** A service's task counts: desired RUNNING and not yet stopped, split by whether it runs. */
const liveState = (t: TaskDoc) => (t.desiredStatus !== 'RUNNING' || t.lastStatus === 'STOPPED' ? undefined : t.lastStatus === 'RUNNING' ? 'running' : 'pending');

export const TASK_KEYS = {
  last: (c: string, status: string) => `${c}|last:${status}`,
  active: (c: string) => `${c}|active`,
  activeOn: (c: string, instanceId: string) => `${c}|instance:${instanceId}|active`,
  activeWithProvider: (c: string, provider: string) => `${c}|active|provider:${provider}`,
  desired: (c: string, desired: string, filter = '') => `${c}|desired:${desired}${filter}`,
  group: (c: string, group: string) => `${c}|group:${group}`,
  groupLive: (c: string, group: string, state: 'running' | 'pending') => `${c}|group:${group}|live:${state}`,
  startedByLive: (c: string, startedBy: string, state: 'running' | 'pending') => `${c}|startedBy:${startedBy}|live:${state}`,
};

function taskKeys(t: TaskDoc): string[] {
  const c = clusterKeyOfArn(t.clusterArn);
  const k = TASK_KEYS;
  const keys = [k.last(c, t.lastStatus), k.group(c, t.group), k.desired(c, t.desiredStatus), k.desired(c, t.desiredStatus, `|group:${t.group}`), k.desired(c, t.desiredStatus, `|family:${t.berth.family}`)];
  if (t.startedBy) keys.push(k.desired(c, t.desiredStatus, `|startedBy:${t.startedBy}`));
  if (t.containerInstanceArn) keys.push(k.desired(c, t.desiredStatus, `|instance:${idOf(t.containerInstanceArn)}`));
  if (isActiveTask(t)) {
    keys.push(k.active(c));
    if (t.containerInstanceArn) keys.push(k.activeOn(c, idOf(t.containerInstanceArn)));
    if (t.capacityProviderName) keys.push(k.activeWithProvider(c, t.capacityProviderName));
  }
  const live = liveState(t);
  if (live) {
    keys.push(k.groupLive(c, t.group, live));
    if (t.startedBy) keys.push(k.startedByLive(c, t.startedBy, live));
  }
  return keys;
}

interface ServiceLike { clusterArn: string; status: string }
interface InstanceLike { containerInstanceArn: string; status: string }

/** `arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>` → its cluster's store key. */
function clusterKeyOfInstance(arn: string): string {
  const [, , , region, account, resource] = arn.split(':');
  return `${region}/${account}/${resource.split('/')[1]}`;
}

const DEFINITIONS: IndexDefinition[] = [
  { kind: KIND.task, name: TASK_INDEX, version: 1, keys: taskKeys },
  { kind: KIND.task, name: NETWORK_INDEX, version: 1, keys: (t: TaskDoc) => (t.berth.networkName && isActiveTask(t) ? [t.berth.networkName] : []) },
  { kind: KIND.service, name: SERVICE_INDEX, version: 1, keys: (s: ServiceLike) => [`${clusterKeyOfArn(s.clusterArn)}|${s.status}`] },
  { kind: KIND.containerInstance, name: INSTANCE_INDEX, version: 1, keys: (i: InstanceLike) => [`${clusterKeyOfInstance(i.containerInstanceArn)}|${i.status}`] },
];

export function defineEcsIndexes(store: Store): void {
  for (const def of DEFINITIONS) store.defineIndex(def);
}

export const countTasks = (tx: ReadTx, key: string) => tx.countByIndex(KIND.task, TASK_INDEX, key);
export const listTasks = (tx: ReadTx, key: string, after?: string, limit?: number): StoredRecord<TaskDoc>[] =>
  tx.listByIndex<TaskDoc>(KIND.task, TASK_INDEX, { key, after, limit });
export const listTaskIds = (tx: ReadTx, key: string, after?: string, limit?: number): string[] =>
  tx.listIdsByIndex(KIND.task, TASK_INDEX, { key, after, limit });
export const activeOnNetwork = (tx: ReadTx, network: string) => tx.countByIndex(KIND.task, NETWORK_INDEX, network);
export const countInstances = (tx: ReadTx, clusterKey: string, status: string) => tx.countByIndex(KIND.containerInstance, INSTANCE_INDEX, `${clusterKey}|${status}`);
export const countServices = (tx: ReadTx, clusterKey: string, status: string) => tx.countByIndex(KIND.service, SERVICE_INDEX, `${clusterKey}|${status}`);
