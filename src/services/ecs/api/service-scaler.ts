/**
 * The `serviceScaler` port (domain/ports.ts) over the service handlers themselves: counts are
 * what DescribeServices answers and a new desired count goes through UpdateService, so
 * scaling and a user's update take the same path (validation, events, the scheduler's wake-up).
 */
import { hexId } from '../../../platform/ids.js';
import { Clock } from '../../../platform/clock.js';
import { Scope } from '../../../platform/aws/scope.js';
import { ServiceError } from '../../../protocol/errors.js';
import { Service } from '../../../protocol/generated/ecs.js';
import { RequestContext } from '../../../protocol/service.js';
import { ServiceScaler } from '../domain/ports.js';
import { makeServiceOps } from './services.js';

type ServiceOps = ReturnType<typeof makeServiceOps>;

/** The call as the account root would make it: another AWS service acting for the account. */
function contextFor(scope: Scope, clock: Clock): RequestContext {
  return { requestId: hexId(16), region: scope.region, accountId: scope.accountId, accessKeyId: '', now: clock.now() };
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
  };
}
