/** What DescribeServices shows: the stored service with task counts read from the task index. */
import { Deployment, Service } from '../../../protocol/generated/ecs.js';
import { ReadTx } from '../../../state/store.js';
import { scopePrefix, Scope } from './names.js';
import { DeploymentDoc, ServiceDoc } from './service-doc.js';
import { TaskDoc } from './task-doc.js';
import { countTasks, listTasks, TASK_KEYS } from './task-index.js';

export const serviceGroup = (name: string) => `service:${name}`;

/** Every task of the service, stopped ones included (the scheduler plans from them). */
export function serviceTasks(tx: ReadTx, scope: Scope, cluster: string, service: string): TaskDoc[] {
  return listTasks(tx, TASK_KEYS.group(`${scopePrefix(scope)}${cluster}`, serviceGroup(service))).map((r) => r.doc);
}

/** Running and pending counts of the service's live tasks (desired RUNNING, not stopped). */
export function serviceCounts(tx: ReadTx, scope: Scope, cluster: string, service: string) {
  const c = `${scopePrefix(scope)}${cluster}`;
  const g = serviceGroup(service);
  return { runningCount: countTasks(tx, TASK_KEYS.groupLive(c, g, 'running')), pendingCount: countTasks(tx, TASK_KEYS.groupLive(c, g, 'pending')) };
}

/** The same counts for the tasks one deployment started. */
export function deploymentCounts(tx: ReadTx, scope: Scope, cluster: string, deploymentId: string) {
  const c = `${scopePrefix(scope)}${cluster}`;
  return { runningCount: countTasks(tx, TASK_KEYS.startedByLive(c, deploymentId, 'running')), pendingCount: countTasks(tx, TASK_KEYS.startedByLive(c, deploymentId, 'pending')) };
}

function deploymentView(d: DeploymentDoc, counts: { runningCount: number; pendingCount: number }): Deployment {
  // A deployment's load balancers are Berth's record of what its tasks register with, not a Deployment member.
  const { loadBalancers, ...deployment } = d;
  return { ...deployment, ...counts };
}

export function serviceView(tx: ReadTx, scope: Scope, svc: ServiceDoc, withTags: boolean): Service {
  const cluster = svc.clusterArn.split('/').pop()!;
  const byDeployment = new Map(svc.deployments.map((d) => [d.id, deploymentCounts(tx, scope, cluster, d.id)]));
  return {
    ...svc,
    ...serviceCounts(tx, scope, cluster, svc.serviceName),
    deployments: svc.deployments.map((d) => deploymentView(d, byDeployment.get(d.id)!)),
    tags: withTags ? svc.tags : undefined,
    currentServiceRevisions: svc.deployments.map((d) => {
      const c = byDeployment.get(d.id)!;
      return { arn: d.berth.serviceRevisionArn, requestedTaskCount: d.desiredCount, runningTaskCount: c.runningCount, pendingTaskCount: c.pendingCount };
    }),
  };
}
