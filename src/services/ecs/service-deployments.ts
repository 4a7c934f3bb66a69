/**
 * Service deployments and revisions as their own resources (ListServiceDeployments,
 * DescribeServiceDeployments, DescribeServiceRevisions, StopServiceDeployment).
 * A deployment in Service.deployments points at its ServiceDeployment and ServiceRevision.
 */
import { randomBytes } from 'node:crypto';
import { clientError } from '../../protocol/errors.js';
import { RequestContext } from '../../protocol/service.js';
import { ReadTx, Tx } from '../../state/store.js';
import { scopeOf } from './clusters.js';
import { EcsDeps } from './context.js';
import { arn, isForeignArn, KIND, scopePrefix, Scope } from './names.js';
import { page } from './pagination.js';
import { DeploymentDoc, Revision, ServiceDoc } from './service-doc.js';
import { deploymentCounts } from './service-view.js';
import { circuitBreakerThreshold } from '../../controllers/services/rollout.js';
import { findTaskDefinition } from './task-definitions.js';
import { clusterKeyOfArn, listTasks, TASK_KEYS } from './task-index.js';

export const DEPLOYMENT_KIND = 'ecs/service-deployment';
export const REVISION_KIND = 'ecs/service-revision';

export interface ServiceDeploymentDoc {
  serviceDeploymentArn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  stoppedAt?: string;
  updatedAt: string;
  status: string;
  statusReason?: string;
  sourceRevisionArns: string[];
  targetRevisionArn: string;
  deploymentConfiguration: unknown;
  rollback?: { reason: string; startedAt: string; serviceRevisionArn: string };
  deploymentId: string;
  /** StopServiceDeployment asked for this; the scheduler acts on it. */
  stopRequested?: 'ROLLBACK' | 'ABORT';
}

/** The stored ServiceRevision; `berth.deploymentId` finds the tasks that ran it. */
interface ServiceRevisionDoc extends Revision {
  serviceRevisionArn: string;
  serviceArn: string;
  clusterArn: string;
  containerImages: { containerName?: string; image?: string; imageDigest?: string }[];
  /** Absent on revisions recorded before Berth kept it. */
  berth?: { deploymentId: string };
  [member: string]: unknown;
}

const shortId = () => randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22);
const keyFromArn = (a: string) => {
  const m = /^arn:[^:]+:ecs:([^:]+):([^:]+):service-(?:deployment|revision)\/(.+)$/.exec(a);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
};
/** The store key of an ARN a caller gave: none for another account's or region's. */
const callerKey = (a: string, scope: Scope) => (isForeignArn(a, scope) ? undefined : keyFromArn(a));

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
function revisionView(tx: ReadTx, rev: ServiceRevisionDoc): ServiceRevisionDoc {
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

function deploymentView(tx: ReadTx, scope: Scope, d: ServiceDeploymentDoc) {
  const svcKey = keyFromArn(d.serviceArn.replace(':service/', ':service-deployment/'));
  const svc = svcKey ? tx.get<ServiceDoc>(KIND.service, svcKey)?.doc : undefined;
  const cluster = d.clusterArn.split('/').pop()!;
  const summary = (revisionArn: string) => {
    const dep = svc?.deployments.find((x) => x.berth.serviceRevisionArn === revisionArn);
    const c = dep ? deploymentCounts(tx, scope, cluster, dep.id) : { runningCount: 0, pendingCount: 0 };
    return { arn: revisionArn, requestedTaskCount: dep?.desiredCount ?? 0, runningTaskCount: c.runningCount, pendingTaskCount: c.pendingCount };
  };
  const primary = svc?.deployments.find((x) => x.id === d.deploymentId);
  const breaker = svc?.deploymentConfiguration.deploymentCircuitBreaker;
  return {
    ...d,
    sourceServiceRevisions: d.sourceRevisionArns.map(summary),
    targetServiceRevision: summary(d.targetRevisionArn),
    deploymentCircuitBreaker: {
      status: !breaker?.enable ? 'DISABLED' : primary?.rolloutState === 'FAILED' ? 'TRIGGERED' : d.finishedAt ? 'MONITORING_COMPLETE' : 'MONITORING',
      failureCount: primary?.failedTasks ?? 0,
      threshold: circuitBreakerThreshold(svc?.desiredCount ?? 0),
    },
    alarms: { status: 'DISABLED' },
  };
}

export function makeServiceDeploymentOps(deps: EcsDeps) {
  const { store } = deps;
  const getDeployment = (a: string, scope: Scope) => {
    const key = callerKey(a, scope);
    return key ? store.get<ServiceDeploymentDoc>(DEPLOYMENT_KIND, key) : undefined;
  };
  return {
    ListServiceDeployments(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const cluster = (input.cluster ?? 'default').split('/').pop();
      const name = input.service.split('/').pop();
      const foreign = [input.cluster ?? '', input.service].some((ref) => isForeignArn(ref, scope));
      if (foreign || !store.get(KIND.service, `${scopePrefix(scope)}${cluster}/${name}`)) throw clientError('ServiceNotFoundException', 'Service not found.');
      const from = input.createdAt?.after?.getTime() ?? -Infinity;
      const to = input.createdAt?.before?.getTime() ?? Infinity;
      const items = store.list<ServiceDeploymentDoc>(DEPLOYMENT_KIND, { prefix: `${scopePrefix(scope)}${cluster}/${name}/` })
        .filter((r) => (!input.status?.length || input.status.includes(r.doc.status)))
        .filter((r) => { const t = new Date(r.doc.createdAt).getTime(); return t >= from && t <= to; })
        .sort((a, b) => b.doc.createdAt.localeCompare(a.doc.createdAt));
      const p = page(items, (r) => r.doc.createdAt + r.id, input.nextToken, input.maxResults, 20);
      return {
        serviceDeployments: p.items.map((r) => ({
          serviceDeploymentArn: r.doc.serviceDeploymentArn, serviceArn: r.doc.serviceArn, clusterArn: r.doc.clusterArn,
          startedAt: r.doc.startedAt, createdAt: r.doc.createdAt, finishedAt: r.doc.finishedAt,
          targetServiceRevisionArn: r.doc.targetRevisionArn, status: r.doc.status, statusReason: r.doc.statusReason,
        })),
        nextToken: p.nextToken,
      };
    },

    DescribeServiceDeployments(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const serviceDeployments: unknown[] = [];
      const failures: unknown[] = [];
      for (const a of input.serviceDeploymentArns as string[]) {
        const rec = getDeployment(a, scope);
        if (rec) serviceDeployments.push(deploymentView(store, scope, rec.doc));
        else failures.push({ arn: a, reason: 'MISSING' });
      }
      return { serviceDeployments, failures };
    },

    DescribeServiceRevisions(input: any, ctx: RequestContext) {
      const serviceRevisions: unknown[] = [];
      const failures: unknown[] = [];
      for (const a of input.serviceRevisionArns as string[]) {
        const key = callerKey(a, scopeOf(ctx));
        const rec = key ? store.get<ServiceRevisionDoc>(REVISION_KIND, key) : undefined;
        if (rec) serviceRevisions.push(revisionView(store, rec.doc));
        else failures.push({ arn: a, reason: 'MISSING' });
      }
      return { serviceRevisions, failures };
    },

    StopServiceDeployment(input: any, ctx: RequestContext) {
      return store.transact((tx) => {
        const key = callerKey(input.serviceDeploymentArn, scopeOf(ctx));
        const rec = key ? tx.get<ServiceDeploymentDoc>(DEPLOYMENT_KIND, key) : undefined;
        if (!rec) throw clientError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
        if (!['PENDING', 'IN_PROGRESS'].includes(rec.doc.status)) {
          throw clientError('ConflictException', `The service deployment is ${rec.doc.status} and cannot be stopped.`, { resourceIds: [rec.doc.serviceDeploymentArn] });
        }
        const stopType = input.stopType ?? 'ROLLBACK';
        tx.put(DEPLOYMENT_KIND, rec.id, { ...rec.doc, status: stopType === 'ROLLBACK' ? 'ROLLBACK_REQUESTED' : 'STOP_REQUESTED', stopRequested: stopType });
        const svcKey = keyFromArn(rec.doc.serviceArn.replace(':service/', ':service-deployment/'))!;
        const svc = tx.get<ServiceDoc>(KIND.service, svcKey);
        if (svc) tx.put(KIND.service, svc.id, { ...svc.doc, berth: { ...svc.doc.berth, generation: svc.doc.berth.generation + 1 } });
        return { serviceDeploymentArn: rec.doc.serviceDeploymentArn };
      });
    },
  };
}
