/**
 * The awslogs driver's start, done when a task is created: Docker's driver creates the group
 * (`awslogs-create-group`) and then the stream as the container starts, and a container
 * whose group is missing, or whose options the driver refuses, never starts. Here the check
 * runs synchronously in the store watch that sees the new task, before the task controller
 * reconciles it, so such a task stops without running anything: desired STOPPED with stop
 * code TaskFailedToStart and the agent's reason on the task and its container, written as
 * StopTask writes (fields the task controller keeps).
 */
import { KIND } from '../../services/ecs/domain/names.js';
import { capReason, TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { createGroup, findGroup } from '../../services/logs/domain/groups.js';
import { groupNameProblem } from '../../services/logs/domain/names.js';
import { Store } from '../../state/store.js';
import { AwslogsContainer, DriverFailure, missingGroup, taskAwslogs, usesAwslogs } from './task-awslogs.js';

function failTask(store: Store, key: string, failure: DriverFailure, now: Date): void {
  store.transact((tx) => {
    const rec = tx.get<TaskDoc>(KIND.task, key);
    if (!rec || rec.doc.desiredStatus !== 'RUNNING') return;
    const reason = capReason(failure.reason);
    const task: TaskDoc = {
      ...rec.doc,
      desiredStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: reason,
      stoppingAt: now.toISOString(),
      containers: rec.doc.containers.map((c) => (c.name === failure.container ? { ...c, reason } : c)),
      version: rec.doc.version + 1,
    };
    tx.put(KIND.task, key, task, rec.version);
  });
}

/** Why the driver could not create the group, as Docker words it; undefined once it exists. */
function ensureGroup(store: Store, t: TaskDoc, c: AwslogsContainer, now: Date): string | undefined {
  if (findGroup(store, c.scope, c.config.group)) return undefined;
  if (!c.config.createGroup) return missingGroup(t);
  const problem = groupNameProblem(c.config.group);
  if (problem) return `CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log group: InvalidParameterException: ${problem}`;
  store.transact((tx) => {
    // Another task may have created it since the read above (CreateLogGroup's ResourceAlreadyExists is fine to the driver).
    if (!findGroup(tx, c.scope, c.config.group)) createGroup(tx, c.scope, { logGroupName: c.config.group }, now.getTime());
  });
  return undefined;
}

/** Prepares (or fails) a task about to start: creates the groups it may create, fails it when the driver would. */
export function prepareTaskLogging(store: Store, key: string, t: TaskDoc, now: Date): void {
  if (t.desiredStatus !== 'RUNNING' || !usesAwslogs(t)) return;
  const found = taskAwslogs(t);
  if ('failure' in found) return failTask(store, key, found.failure, now);
  for (const c of found.containers) {
    const reason = ensureGroup(store, t, c, now);
    if (reason) return failTask(store, key, { container: c.name, reason }, now);
  }
}

/** Tasks no container of which has been created yet: after a restart they may still be checked. */
export function notYetStarted(t: TaskDoc): boolean {
  return t.desiredStatus === 'RUNNING' && (t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING') && t.containers.every((c) => !c.runtimeId);
}
