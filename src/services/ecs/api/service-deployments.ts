/** Service deployments and revisions: ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions, StopServiceDeployment. */
import { clientError } from '../../../protocol/errors.js';
import { RequestContext } from '../../../protocol/service.js';
import { scopeOf } from '../domain/clusters.js';
import { EcsDeps } from './context.js';
import { isForeignArn, KIND, scopePrefix, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { ServiceDoc } from '../domain/service-doc.js';
import { DEPLOYMENT_KIND, REVISION_KIND, ServiceDeploymentDoc, ServiceRevisionDoc, keyFromArn, callerKey, revisionView, deploymentView } from '../domain/service-deployments.js';

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
