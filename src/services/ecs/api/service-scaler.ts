/**
 * The `serviceScaler` port (domain/ports.ts) over the service handlers themselves: counts are
 * what DescribeServices answers and a new desired count goes through UpdateService, so
 * scaling and a user's update take the same path (validation, events, the scheduler's wake-up).
 * Deletions are read from the store's changes: a service record leaving ACTIVE.
 */
import { hexId } from '../../../platform/ids.js';
import { Clock } from '../../../platform/clock.js';
import { parseArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';
import { ServiceError } from '../../../protocol/errors.js';
import { Service } from '../../../protocol/generated/ecs.js';
import { RequestContext } from '../../../protocol/service.js';
import { Change } from '../../../state/store.js';
import { KIND } from '../domain/names.js';
import { ServiceRef, ServiceScaler } from '../domain/ports.js';
import { ServiceDoc } from '../domain/service-doc.js';
import { makeServiceOps } from './services.js';

type ServiceOps = ReturnType<typeof makeServiceOps>;

/** The call as the account root would make it: another AWS service acting for the account. */
function contextFor(scope: Scope, clock: Clock): RequestContext {
  return { requestId: hexId(16), region: scope.region, accountId: scope.accountId, accessKeyId: '', now: clock.now() };
}

/** The service a change took out of ACTIVE: DeleteService moves it to DRAINING in one write. */
export function deletedService(change: Change): ServiceRef | undefined {
  if (change.kind !== KIND.service) return undefined;
  const before = change.previous as ServiceDoc | undefined;
  const after = change.record?.doc as ServiceDoc | undefined;
  if (before?.status !== 'ACTIVE' || after?.status === 'ACTIVE') return undefined;
  const arn = parseArn(before.serviceArn);
  const cluster = parseArn(before.clusterArn)?.resource.replace(/^cluster\//, '');
  if (!arn || !cluster) return undefined;
  return { scope: { region: arn.region, accountId: arn.accountId }, cluster, service: before.serviceName };
}

export function makeServiceScaler(ops: ServiceOps, clock: Clock): ServiceScaler {
  const { DescribeServices: describeServices, UpdateService: updateService } = ops;
  if (!describeServices || !updateService) throw new Error('the ECS service handlers are missing');
  const find = (scope: Scope, cluster: string, service: string): Service | undefined => {
    try {
      // The ECS handlers answer synchronously (one store transaction).
      const out = describeServices({ cluster, services: [service] }, contextFor(scope, clock)) as { services?: Service[] };
      return out.services?.[0];
    } catch (e) {
      if (e instanceof ServiceError && e.code === 'ClusterNotFoundException') return undefined;
      throw e;
    }
  };
  return {
    describe(scope, cluster, service) {
      const s = find(scope, cluster, service);
      if (!s || s.status === 'INACTIVE') return undefined;
      return {
        serviceArn: s.serviceArn!, status: s.status as 'ACTIVE' | 'DRAINING',
        desiredCount: s.desiredCount ?? 0, runningCount: s.runningCount ?? 0, pendingCount: s.pendingCount ?? 0,
      };
    },
    setDesiredCount(scope, cluster, service, desiredCount) {
      updateService({ cluster, service, desiredCount }, contextFor(scope, clock));
    },
    deletedService,
  };
}
