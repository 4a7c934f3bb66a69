/** Service deployment and revision records: written as deployments start, change and end. */
import { randomBytes } from 'node:crypto';
import { ContainerImage, DeploymentConfiguration, ServiceConnectConfiguration, ServiceDeployment, ServiceRegistry, ServiceRevision, ServiceRevisionSummary } from '../../../protocol/generated/ecs.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { arn, isForeignArn, KIND, scopePrefix, Scope } from './names.js';
import { DeploymentDoc, Revision, revisionOf, ServiceDoc } from './service-doc.js';
import { deploymentCounts } from './service-view.js';
import { circuitBreakerThreshold } from './rollout.js';
import { findTaskDefinition } from './task-definitions.js';
import { clusterKeyOfArn, listTasks, TASK_KEYS } from './task-index.js';

export const DEPLOYMENT_KIND = 'ecs/service-deployment';
export const REVISION_KIND = 'ecs/service-revision';

export type ServiceDeploymentStatus = NonNullable<ServiceDeployment['status']>;

/**
 * The stored ServiceDeployment. The revision ARNs, `deploymentId` and `stopRequested` are
 * Berth's own; DescribeServiceDeployments shows the revisions as summaries with task counts.
 */
export interface ServiceDeploymentDoc {
  serviceDeploymentArn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  stoppedAt?: string;
  updatedAt: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  sourceRevisionArns: string[];
  targetRevisionArn: string;
  deploymentConfiguration: DeploymentConfiguration;
  rollback?: { reason: string; startedAt: string; serviceRevisionArn: string };
  /** The service's deployment (Deployment.id) this records. */
  deploymentId: string;
  /** Deployment alarms that failed it. */
  triggeredAlarms?: string[];
  /** StopServiceDeployment asked for this; the scheduler acts on it. */
  stopRequested?: 'ROLLBACK' | 'ABORT';
}

/** The stored ServiceRevision; `berth.deploymentId` finds the tasks that ran it. */
export interface ServiceRevisionDoc extends Revision {
  serviceRevisionArn: string;
  serviceArn: string;
  clusterArn: string;
  serviceRegistries: ServiceRegistry[];
  guardDutyEnabled: boolean;
  serviceConnectConfiguration: ServiceConnectConfiguration;
  createdAt: string;
  containerImages: ContainerImage[];
  /** Absent on revisions recorded before Berth kept it. */
  berth?: { deploymentId: string };
}

export const shortId = () => randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22);
export const keyFromArn = (a: string) => {
  const m = /^arn:[^:]+:ecs:([^:]+):([^:]+):service-(?:deployment|revision)\/(.+)$/.exec(a);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
};
/** The store key of an ARN a caller gave: none for another account's or region's. */
export const callerKey = (a: string, scope: Scope) => (isForeignArn(a, scope) ? undefined : keyFromArn(a));

/** Records the ServiceRevision and ServiceDeployment for a new deployment; returns their ARNs. */
export function recordDeployment(tx: Tx, scope: Scope, svc: ServiceDoc, rev: Revision, deploymentId: string, sources: DeploymentDoc[], now: Date, rollback?: { reason: string; revisionArn: string }) {
  const cluster = svc.clusterArn.split('/').pop()!;
  const base = `${cluster}/${svc.serviceName}`;
  const revId = shortId();
  const depId = shortId();
  const revisionArn = arn(scope, `service-revision/${base}/${revId}`);
  const deploymentArn = arn(scope, `service-deployment/${base}/${depId}`);
  const td = findTaskDefinition(tx, scope, rev.taskDefinition);
  const revision: ServiceRevisionDoc = {
    serviceRevisionArn: revisionArn, serviceArn: svc.serviceArn, clusterArn: svc.clusterArn, ...rev,
    serviceRegistries: [], guardDutyEnabled: false, serviceConnectConfiguration: { enabled: false }, createdAt: now.toISOString(),
    containerImages: (td?.containerDefinitions ?? []).map((c) => ({ containerName: c.name, image: c.image })),
    berth: { deploymentId },
  };
  tx.put(REVISION_KIND, `${scopePrefix(scope)}${base}/${revId}`, revision);
  const doc: ServiceDeploymentDoc = {
    serviceDeploymentArn: deploymentArn, serviceArn: svc.serviceArn, clusterArn: svc.clusterArn,
    createdAt: now.toISOString(), startedAt: now.toISOString(), updatedAt: now.toISOString(),
    status: rollback ? 'ROLLBACK_IN_PROGRESS' : 'IN_PROGRESS',
    sourceRevisionArns: sources.map((d) => d.berth.serviceRevisionArn),
    targetRevisionArn: revisionArn, deploymentConfiguration: svc.deploymentConfiguration, deploymentId,
    rollback: rollback ? { reason: rollback.reason, startedAt: now.toISOString(), serviceRevisionArn: rollback.revisionArn } : undefined,
  };
  tx.put(DEPLOYMENT_KIND, `${scopePrefix(scope)}${base}/${depId}`, doc);
  return { revisionArn, deploymentArn };
}

/**
 * The revision with its images' digests, as the deployment's tasks report them. AWS
 * resolves them when the deployment starts; Berth knows them once a task has its containers.
 */
export function revisionView(tx: ReadTx, rev: ServiceRevisionDoc): ServiceRevision {
  const deploymentId = rev.berth?.deploymentId;
  if (!deploymentId) return rev;
  const cluster = clusterKeyOfArn(rev.clusterArn);
  const tasks = ['RUNNING', 'STOPPED'].flatMap((desired) => listTasks(tx, TASK_KEYS.desired(cluster, desired, `|startedBy:${deploymentId}`), undefined, 10));
  const containers = tasks.flatMap((r) => r.doc.containers);
  const digestOf = (name?: string) => containers.find((c) => c.name === name && c.imageDigest)?.imageDigest;
  return { ...rev, containerImages: rev.containerImages.map((ci) => ({ ...ci, imageDigest: digestOf(ci.containerName) })) };
}

/** The stop a user asked for on this service deployment and the scheduler has not carried out yet. */
export function requestedStop(tx: ReadTx, deploymentArn: string): 'ROLLBACK' | 'ABORT' | undefined {
  const key = keyFromArn(deploymentArn);
  return key ? tx.get<ServiceDeploymentDoc>(DEPLOYMENT_KIND, key)?.doc.stopRequested : undefined;
}

export function updateServiceDeployment(tx: Tx, deploymentArn: string, change: Partial<ServiceDeploymentDoc>, now: Date): void {
  const key = keyFromArn(deploymentArn);
  const rec = key ? tx.get<ServiceDeploymentDoc>(DEPLOYMENT_KIND, key) : undefined;
  if (rec) tx.put(DEPLOYMENT_KIND, rec.id, { ...rec.doc, ...change, updatedAt: now.toISOString() });
}

export function deploymentView(tx: ReadTx, scope: Scope, d: ServiceDeploymentDoc): ServiceDeployment {
  const svcKey = keyFromArn(d.serviceArn.replace(':service/', ':service-deployment/'));
  const svc = svcKey ? tx.get<ServiceDoc>(KIND.service, svcKey)?.doc : undefined;
  const cluster = d.clusterArn.split('/').pop()!;
  const summary = (revisionArn: string): ServiceRevisionSummary => {
    const dep = svc?.deployments.find((x) => x.berth.serviceRevisionArn === revisionArn);
    const c = dep ? deploymentCounts(tx, scope, cluster, dep.id) : { runningCount: 0, pendingCount: 0 };
    return { arn: revisionArn, requestedTaskCount: dep?.desiredCount ?? 0, runningTaskCount: c.runningCount, pendingTaskCount: c.pendingCount };
  };
  // Berth's own fields, not ServiceDeployment members.
  const { deploymentId, stopRequested, sourceRevisionArns, targetRevisionArn, triggeredAlarms, ...deployment } = d;
  const primary = svc?.deployments.find((x) => x.id === deploymentId);
  const breaker = svc?.deploymentConfiguration.deploymentCircuitBreaker;
  return {
    ...deployment,
    sourceServiceRevisions: sourceRevisionArns.map(summary),
    targetServiceRevision: summary(targetRevisionArn),
    deploymentCircuitBreaker: {
      status: !breaker?.enable ? 'DISABLED' : primary?.rolloutState === 'FAILED' ? 'TRIGGERED' : d.finishedAt ? 'MONITORING_COMPLETE' : 'MONITORING',
      failureCount: primary?.failedTasks ?? 0,
      threshold: circuitBreakerThreshold(svc?.desiredCount ?? 0),
    },
    alarms: alarmsView(d, triggeredAlarms),
  };
}

function alarmsView(d: ServiceDeploymentDoc, triggered: string[] | undefined): ServiceDeployment['alarms'] {
  const cfg = d.deploymentConfiguration.alarms;
  if (!cfg?.enable) return { status: 'DISABLED' };
  const status = triggered?.length ? 'TRIGGERED' : d.finishedAt || d.stoppedAt ? 'MONITORING_COMPLETE' : 'MONITORING';
  return { status, alarmNames: cfg.alarmNames, ...(triggered?.length ? { triggeredAlarmNames: triggered } : {}) };
}

export function pushDeployment(tx: Tx, svc: ServiceDoc, dep: DeploymentDoc, now: Date): ServiceDoc {
  for (const d of svc.deployments) {
    if (d.rolloutState === 'IN_PROGRESS') updateServiceDeployment(tx, d.berth.serviceDeploymentArn, { status: 'STOPPED', statusReason: 'Superseded by a newer deployment.', stoppedAt: now.toISOString() }, now);
  }
  const older = svc.deployments.map((d) => ({ ...d, status: 'ACTIVE' as const, desiredCount: 0, updatedAt: now.toISOString() }));
  return {
    ...svc, ...revisionOf(dep), deployments: [dep, ...older], currentServiceDeployment: dep.berth.serviceDeploymentArn,
    berth: { ...svc.berth, steady: false, revisions: { ...svc.berth.revisions, [dep.id]: revisionOf(dep) } },
  };
}
