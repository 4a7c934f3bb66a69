/** Service deployments and revisions: ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions, StopServiceDeployment. */
import { Failure, Operations, ServiceDeployment, ServiceRevision } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { scopeOf } from '../domain/clusters.js';
import { EcsDeps } from './context.js';
import { isForeignArn, KIND, scopePrefix, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { ServiceDoc } from '../domain/service-doc.js';
import { DEPLOYMENT_KIND, REVISION_KIND, ServiceDeploymentDoc, ServiceRevisionDoc, keyFromArn, callerKey, revisionView, deploymentView } from '../domain/service-deployments.js';

export function makeServiceDeploymentOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store } = deps;
  const getDeployment = (a: string, scope: Scope) => {
    const key = callerKey(a, scope);
    return key ? store.get<ServiceDeploymentDoc>(DEPLOYMENT_KIND, key) : undefined;
  };
  return {
    ListServiceDeployments(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = (input.cluster ?? 'default').split('/').pop();
      const name = input.service.split('/').pop();
      const foreign = [input.cluster ?? '', input.service].some((ref) => isForeignArn(ref, scope));
      if (foreign || !store.get(KIND.service, `${scopePrefix(scope)}${cluster}/${name}`)) throw clientError('ServiceNotFoundException', 'Service not found.');
      // The protocol layer reads timestamps as Dates; the contract type also allows what outputs may carry.
      const time = (t: Date | string | number | undefined, fallback: number) => (t === undefined ? fallback : new Date(t).getTime());
      const from = time(input.createdAt?.after, -Infinity);
      const to = time(input.createdAt?.before, Infinity);
      const statuses = new Set<string>(input.status ?? []);
      const items = store.list<ServiceDeploymentDoc>(DEPLOYMENT_KIND, { prefix: `${scopePrefix(scope)}${cluster}/${name}/` })
        .filter((r) => statuses.size === 0 || statuses.has(r.doc.status))
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

    DescribeServiceDeployments(input, ctx) {
      const scope = scopeOf(ctx);
      const serviceDeployments: ServiceDeployment[] = [];
      const failures: Failure[] = [];
      for (const a of input.serviceDeploymentArns) {
        const rec = getDeployment(a, scope);
        if (rec) serviceDeployments.push(deploymentView(store, scope, rec.doc));
        else failures.push({ arn: a, reason: 'MISSING' });
      }
      return { serviceDeployments, failures };
    },

    DescribeServiceRevisions(input, ctx) {
      const serviceRevisions: ServiceRevision[] = [];
      const failures: Failure[] = [];
      for (const a of input.serviceRevisionArns) {
        const key = callerKey(a, scopeOf(ctx));
        const rec = key ? store.get<ServiceRevisionDoc>(REVISION_KIND, key) : undefined;
        if (rec) serviceRevisions.push(revisionView(store, rec.doc));
        else failures.push({ arn: a, reason: 'MISSING' });
      }
      return { serviceRevisions, failures };
    },

    StopServiceDeployment(input, ctx) {
      return store.transact((tx) => {
        const key = callerKey(input.serviceDeploymentArn, scopeOf(ctx));
        const rec = key ? tx.get<ServiceDeploymentDoc>(DEPLOYMENT_KIND, key) : undefined;
        if (!rec) throw clientError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
        if (!['PENDING', 'IN_PROGRESS'].includes(rec.doc.status)) {
          throw clientError('ConflictException', `The service deployment is ${rec.doc.status} and cannot be stopped.`, { resourceIds: [rec.doc.serviceDeploymentArn] });
        }
        const stopType = input.stopType ?? 'ROLLBACK';
        const stopping: ServiceDeploymentDoc = { ...rec.doc, status: stopType === 'ROLLBACK' ? 'ROLLBACK_REQUESTED' : 'STOP_REQUESTED', stopRequested: stopType };
        tx.put(DEPLOYMENT_KIND, rec.id, stopping);
        const svcKey = keyFromArn(rec.doc.serviceArn.replace(':service/', ':service-deployment/'))!;
        const svc = tx.get<ServiceDoc>(KIND.service, svcKey);
        if (svc) tx.put(KIND.service, svc.id, { ...svc.doc, berth: { ...svc.doc.berth, generation: svc.doc.berth.generation + 1 } });
        return { serviceDeploymentArn: rec.doc.serviceDeploymentArn };
      });
    },
  };
}
