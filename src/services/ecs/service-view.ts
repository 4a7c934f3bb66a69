/** What DescribeServices shows: the stored service with task counts derived from its tasks. */
import { ReadTx } from '../../state/store.js';
import { KIND, scopePrefix, Scope } from './names.js';
import { DeploymentDoc, ServiceDoc } from './service-doc.js';
import { TaskDoc } from './task-doc.js';

export const serviceGroup = (name: string) => `service:${name}`;

export function serviceTasks(tx: ReadTx, scope: Scope, cluster: string, service: string): TaskDoc[] {
  const group = serviceGroup(service);
  return tx.list<TaskDoc>(KIND.task, { prefix: `${scopePrefix(scope)}${cluster}/` }).map((r) => r.doc).filter((t) => t.group === group);
}

export function counts(tasks: TaskDoc[]) {
  const live = tasks.filter((t) => t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED');
  return {
    runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: live.filter((t) => t.lastStatus !== 'RUNNING').length,
  };
}

function deploymentView(d: DeploymentDoc, tasks: TaskDoc[]) {
  return { ...d, ...counts(tasks.filter((t) => t.startedBy === d.id)) };
}

export function serviceView(tx: ReadTx, scope: Scope, svc: ServiceDoc, withTags: boolean) {
  const cluster = svc.clusterArn.split('/').pop()!;
  const tasks = serviceTasks(tx, scope, cluster, svc.serviceName);
  return {
    ...svc,
    ...counts(tasks),
    deployments: svc.deployments.map((d) => deploymentView(d, tasks)),
    tags: withTags ? svc.tags : undefined,
    currentServiceRevisions: svc.deployments.map((d) => ({ arn: d.berth.serviceRevisionArn, requestedTaskCount: d.desiredCount, ...taskCounts(tasks, d.id) })),
  };
}

function taskCounts(tasks: TaskDoc[], deploymentId: string) {
  const c = counts(tasks.filter((t) => t.startedBy === deploymentId));
  return { runningTaskCount: c.runningCount, pendingTaskCount: c.pendingCount };
}
