/**
 * Applying a rollout plan in one store transaction: deployment states, rollbacks,
 * task stops and launches, and service events.
 */
import { Clock } from '../../platform/clock.js';
import { ReadTx, Store, Tx } from '../../state/store.js';
import { ClusterDoc } from '../../services/ecs/domain/clusters.js';
import { listInstances } from '../../services/ecs/domain/container-instances.js';
import { isFargateStrategy } from '../../services/ecs/domain/capacity-providers.js';
import { KIND, Scope, clusterKey, taskKey } from '../../services/ecs/domain/names.js';
import { DeploymentDoc, newDeploymentId, ServiceDoc, withEvents } from '../../services/ecs/domain/service-doc.js';
import { updateServiceDeployment } from '../../services/ecs/domain/service-deployments.js';
import { pushDeployment } from '../../services/ecs/domain/service-deployments.js';
import { serviceGroup } from '../../services/ecs/domain/service-view.js';
import { findTaskDefinition } from '../../services/ecs/domain/task-definitions.js';
import { HostAccessPolicy } from '../../platform/config.js';
import { createTasks, LaunchRequest } from '../../services/ecs/domain/task-launch.js';
import { capReason, TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { DeploymentState, RolloutPlan } from '../../services/ecs/domain/rollout.js';
import { unplacedTaskMessage } from '../../services/ecs/domain/placement/unplaced-message.js';

export interface ApplyDeps { store: Store; clock: Clock; id: () => string; hostAccess: HostAccessPolicy }

/** How long to wait before placing again after a placement failure. */
const PLACEMENT_RETRY_MS = 10_000;

export function scopeOfKey(key: string): Scope {
  const [region, accountId] = key.split('/');
  return { region, accountId };
}

export function daemonCount(tx: ReadTx, scope: Scope, cluster: string): number {
  return listInstances(tx, scope, cluster).filter((i) => i.status === 'ACTIVE').length;
}

const shortTaskId = (arn: string) => arn.split('/').pop()!;

function mergeDeployment(doc: DeploymentDoc, state: DeploymentState, now: Date): DeploymentDoc {
  const changed = doc.rolloutState !== state.rolloutState || doc.failedTasks !== state.failedTasks || doc.berth.everHealthy !== state.everHealthy;
  return {
    ...doc,
    rolloutState: state.rolloutState,
    rolloutStateReason: state.rolloutStateReason || doc.rolloutStateReason,
    failedTasks: state.failedTasks,
    updatedAt: changed ? now.toISOString() : doc.updatedAt,
    berth: {
      ...doc.berth, countedFailures: state.countedFailures, everHealthy: state.everHealthy,
      ...(state.bakeStartedAt !== undefined ? { bakeStartedAt: new Date(state.bakeStartedAt).toISOString() } : {}),
    },
  };
}

/** Starts a deployment back to `target`'s revision; the failed primary becomes ACTIVE and drains. */
export function rollbackTo(tx: Tx, svc: ServiceDoc, failedState: DeploymentState, target: string, statusReason: string, now: Date): ServiceDoc {
  const rev = svc.berth.revisions[target];
  const failed = svc.deployments[0];
  const id = newDeploymentId();
  const reason = `ECS deployment circuit breaker: rolling back to deploymentId ${target}.`;
  const previous = svc.deployments.find((d) => d.id === target);
  updateServiceDeployment(tx, failed.berth.serviceDeploymentArn, {
    status: 'ROLLBACK_IN_PROGRESS', statusReason,
    rollback: { reason, startedAt: now.toISOString(), serviceRevisionArn: previous?.berth.serviceRevisionArn ?? '' },
  }, now);
  const dep: DeploymentDoc = {
    ...rev, id, status: 'PRIMARY', desiredCount: svc.desiredCount, failedTasks: 0, createdAt: now.toISOString(), updatedAt: now.toISOString(),
    rolloutState: 'IN_PROGRESS', rolloutStateReason: reason,
    berth: { countedFailures: [], everHealthy: false, serviceDeploymentArn: failed.berth.serviceDeploymentArn, serviceRevisionArn: previous?.berth.serviceRevisionArn ?? failed.berth.serviceRevisionArn },
  };
  const marked = { ...svc, deployments: [mergeDeployment(failed, failedState, now), ...svc.deployments.slice(1)] };
  return pushDeployment(tx, marked, dep, now);
}

function stopTasks(tx: Tx, scope: Scope, cluster: string, tasks: TaskDoc[], stops: RolloutPlan['stop'], now: Date): string[] {
  const stoppedRunning: string[] = [];
  for (const s of stops) {
    const t = tasks.find((x) => x.taskArn === s.taskArn);
    if (!t || t.desiredStatus === 'STOPPED') continue;
    const key = taskKey(scope, cluster, shortTaskId(t.taskArn));
    const cur = tx.get<TaskDoc>(KIND.task, key);
    if (!cur || cur.doc.desiredStatus === 'STOPPED') continue;
    tx.put(KIND.task, key, {
      ...cur.doc, desiredStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: capReason(s.reason),
      stoppingAt: now.toISOString(), version: cur.doc.version + 1,
    });
    if (cur.doc.lastStatus === 'RUNNING') stoppedRunning.push(shortTaskId(t.taskArn));
  }
  return stoppedRunning;
}

function launch(tx: Tx, scope: Scope, svc: ServiceDoc, count: number, now: Date, hostAccess: HostAccessPolicy): { started: string[]; failure?: { arn?: string; reason: string }; noInstances: boolean } {
  const cluster = tx.get<ClusterDoc>(KIND.cluster, clusterKey(scope, svc.clusterArn.split('/').pop()!))?.doc;
  const dep = svc.deployments[0];
  const td = cluster ? findTaskDefinition(tx, scope, dep.taskDefinition) : undefined;
  if (!cluster || !td) return { started: [], failure: { reason: 'MISSING' }, noInstances: false };
  const instances = listInstances(tx, scope, cluster.clusterName).filter((i) => i.status === 'ACTIVE');
  const ec2 = dep.launchType === 'EC2' || (!dep.launchType && !isFargateStrategy(dep.capacityProviderStrategy));
  if (ec2 && instances.length === 0) return { started: [], noInstances: true };
  const input: LaunchRequest = {
    launchType: dep.launchType, capacityProviderStrategy: dep.capacityProviderStrategy, networkConfiguration: dep.networkConfiguration,
    platformVersion: dep.platformVersion, group: serviceGroup(svc.serviceName), startedBy: dep.id,
    tags: svc.propagateTags === 'SERVICE' ? svc.tags : [], propagateTags: svc.propagateTags === 'TASK_DEFINITION' ? 'TASK_DEFINITION' : undefined,
    enableECSManagedTags: svc.enableECSManagedTags, enableExecuteCommand: svc.enableExecuteCommand, loadBalancers: dep.loadBalancers,
    placementStrategy: svc.placementStrategy, service: true,
    // A daemon runs one task on each instance.
    placementConstraints: svc.schedulingStrategy === 'DAEMON' ? [...svc.placementConstraints, { type: 'distinctInstance' }] : svc.placementConstraints,
  };
  const started: string[] = [];
  let failure: { arn?: string; reason: string } | undefined;
  for (let left = count; left > 0 && !failure; left -= 10) {
    const r = createTasks(tx, scope, cluster, td, input, Math.min(10, left), instances, now, hostAccess);
    started.push(...r.tasks.map((t) => shortTaskId(t.taskArn)));
    failure = r.failures[0];
  }
  return { started, failure, noInstances: false };
}

/** Applies the plan unless the service changed since it was read; returns when to look again. */
export function applyPlan(deps: ApplyDeps, key: string, version: number, svc: ServiceDoc, tasks: TaskDoc[], plan: RolloutPlan, now: Date): { retryAfterMs?: number; conflict: boolean } {
  const scope = scopeOfKey(key);
  const cluster = svc.clusterArn.split('/').pop()!;
  return deps.store.transact((tx) => {
    const cur = tx.get<ServiceDoc>(KIND.service, key);
    if (!cur || cur.version !== version) return { conflict: true };
    let next: ServiceDoc = { ...cur.doc };
    const messages = [...plan.events];
    let retryAfterMs: number | undefined;
    if (plan.triggeredAlarms) updateServiceDeployment(tx, cur.doc.deployments[0].berth.serviceDeploymentArn, { triggeredAlarms: plan.triggeredAlarms }, now);
    if (plan.rollback) {
      next = rollbackTo(tx, next, plan.deployments[0], plan.rollback.toDeploymentId, plan.deployments[0].rolloutStateReason, now);
    } else {
      next.deployments = plan.deployments.map((state) => mergeDeployment(next.deployments.find((d) => d.id === state.id)!, state, now));
      const primary = next.deployments[0];
      if (primary.rolloutState === 'FAILED' && cur.doc.deployments[0].rolloutState !== 'FAILED') {
        updateServiceDeployment(tx, primary.berth.serviceDeploymentArn, { status: 'STOPPED', statusReason: primary.rolloutStateReason, stoppedAt: now.toISOString() }, now);
      }
      if (plan.completed) {
        const wasRollback = primary.rolloutStateReason.includes('rolling back') || cur.doc.deployments[0].rolloutStateReason.includes('rolling back');
        updateServiceDeployment(tx, primary.berth.serviceDeploymentArn, { status: wasRollback ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL', finishedAt: now.toISOString() }, now);
        next.berth = { ...next.berth, lastCompletedDeploymentId: plan.completed };
      }
      const stopped = stopTasks(tx, scope, cluster, tasks, plan.stop, now);
      if (stopped.length) messages.push(`(service ${svc.serviceName}) has stopped ${stopped.length} running tasks: ${stopped.map((id) => `(task ${id})`).join(' ')}.`);
      if (plan.start > 0) {
        const r = launch(tx, scope, next, plan.start, now, deps.hostAccess);
        if (r.started.length) messages.push(`(service ${svc.serviceName}) has started ${r.started.length} tasks: ${r.started.map((id) => `(task ${id})`).join(' ')}.`);
        if (r.failure || r.noInstances) {
          messages.push(unplacedTaskMessage(svc.serviceName, r.failure));
          retryAfterMs = PLACEMENT_RETRY_MS;
        }
      }
      next.berth = { ...next.berth, steady: plan.steady };
    }
    if (next.status === 'DRAINING' && tasks.every((t) => t.lastStatus === 'STOPPED')) next.status = 'INACTIVE';
    next.events = withEvents(next.events, messages, now, deps.id);
    if (JSON.stringify(next) !== JSON.stringify(cur.doc)) tx.put(KIND.service, key, next);
    return { retryAfterMs, conflict: false };
  });
}

/**
 * Carries out a StopServiceDeployment on the primary deployment: ROLLBACK returns to the
 * last completed deployment (or stops when there is none); ABORT stops launching.
 */
export function applyStopRequest(deps: ApplyDeps, key: string, version: number, stopType: 'ROLLBACK' | 'ABORT', now: Date): void {
  deps.store.transact((tx) => {
    const cur = tx.get<ServiceDoc>(KIND.service, key);
    if (!cur || cur.version !== version) return;
    const svc = cur.doc;
    const primary = svc.deployments[0];
    const target = svc.berth.lastCompletedDeploymentId;
    const failed: DeploymentState = {
      id: primary.id, status: 'PRIMARY', rolloutState: 'FAILED', rolloutStateReason: `ECS deployment ${primary.id} stopped.`,
      failedTasks: primary.failedTasks, countedFailures: primary.berth.countedFailures, everHealthy: primary.berth.everHealthy,
    };
    let next: ServiceDoc;
    if (stopType === 'ROLLBACK' && target && target !== primary.id) {
      next = rollbackTo(tx, svc, failed, target, 'Rollback requested with StopServiceDeployment.', now);
    } else {
      updateServiceDeployment(tx, primary.berth.serviceDeploymentArn, { status: 'STOPPED', statusReason: 'Stopped with StopServiceDeployment.', stoppedAt: now.toISOString() }, now);
      next = { ...svc, deployments: [mergeDeployment(primary, failed, now), ...svc.deployments.slice(1)] };
    }
    updateServiceDeployment(tx, primary.berth.serviceDeploymentArn, { stopRequested: undefined }, now);
    next.events = withEvents(next.events, [`(service ${svc.serviceName}) (deployment ${primary.id}) deployment stopped.`], now, deps.id);
    tx.put(KIND.service, key, next);
  });
}
