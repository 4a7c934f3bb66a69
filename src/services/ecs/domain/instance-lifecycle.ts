/**
 * A container instance's status after registration: ACTIVE ↔ DRAINING
 * (UpdateContainerInstancesState) and deregistration to INACTIVE. Draining only records
 * the status: placement skips instances that are not ACTIVE (task-launch.ts) and the
 * service scheduler replaces the service tasks on them.
 */
import { clientError } from '../../../protocol/errors.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { ContainerInstanceDoc } from './container-instances.js';
import { releaseHost } from './hosts.js';
import { KIND, scopePrefix, Scope } from './names.js';
import { TaskDoc } from './task-doc.js';
import { listTasks, TASK_KEYS } from './task-index.js';

/** ECS's stoppedReason for the tasks of an instance deregistered with `force`. */
export const FORCED_DEREGISTRATION_REASON = 'Container instance deregistration forced by user';

/** Sets ACTIVE or DRAINING; an unchanged status is no change, so `version` moves only on a change. */
export function setInstanceStatus(tx: Tx, rec: StoredRecord<ContainerInstanceDoc>, status: 'ACTIVE' | 'DRAINING'): ContainerInstanceDoc {
  if (rec.doc.status === status) return rec.doc;
  const doc: ContainerInstanceDoc = { ...rec.doc, status, version: rec.doc.version + 1 };
  tx.put(KIND.containerInstance, rec.id, doc, rec.version);
  return doc;
}

/**
 * Deregisters an instance: refused while tasks on it have not stopped, unless `force`,
 * which stops them. A remote host's registration is released, so that the operator can
 * register it again or remove it; the local engine is registered again at the next start
 * only when --local-instance says so.
 */
export function deregisterInstance(tx: Tx, scope: Scope, cluster: string, rec: StoredRecord<ContainerInstanceDoc>, force: boolean, now: Date): ContainerInstanceDoc {
  if (rec.doc.status === 'INACTIVE') return rec.doc;
  const id = rec.doc.containerInstanceArn.slice(rec.doc.containerInstanceArn.lastIndexOf('/') + 1);
  const tasks = listTasks(tx, TASK_KEYS.activeOn(`${scopePrefix(scope)}${cluster}`, id))
    .filter((t) => t.doc.containerInstanceArn === rec.doc.containerInstanceArn);
  if (tasks.length > 0 && !force) throw clientError('InvalidParameterException', 'Found running tasks on the instance.');
  for (const t of tasks) stopForDeregistration(tx, t, now);
  const doc: ContainerInstanceDoc = { ...rec.doc, status: 'INACTIVE', version: rec.doc.version + 1 };
  tx.put(KIND.containerInstance, rec.id, doc, rec.version);
  if (doc.hostId) releaseHost(tx, doc.hostId);
  return doc;
}

function stopForDeregistration(tx: Tx, rec: StoredRecord<TaskDoc>, now: Date): void {
  if (rec.doc.desiredStatus === 'STOPPED') return;
  const task: TaskDoc = {
    ...rec.doc,
    desiredStatus: 'STOPPED',
    // ECS names no stop code of its own for this; the user forced it, as with StopTask.
    stopCode: 'UserInitiated',
    stoppedReason: FORCED_DEREGISTRATION_REASON,
    stoppingAt: now.toISOString(),
    version: rec.doc.version + 1,
  };
  tx.put(KIND.task, rec.id, task, rec.version);
}
