/**
 * What ECS offers other services (the `serviceScaler` port): an ECS service's counts, and
 * changing its desiredCount through the same path as UpdateService (a new generation, so
 * the scheduler, deployments and load balancers follow), for Application Auto Scaling.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { Change } from '../../../state/store.js';

export interface ServiceCounts {
  serviceArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
}

/** An ECS service by its account and Region, cluster name and service name. */
export interface ServiceRef {
  scope: Scope;
  cluster: string;
  service: string;
}

export interface ServiceScaler {
  /** `cluster` and `service` are names; undefined when the service does not exist (or is INACTIVE). */
  describe(scope: Scope, cluster: string, service: string): ServiceCounts | undefined;
  /** Sets desiredCount as UpdateService would; throws when the service does not exist or is not ACTIVE. */
  setDesiredCount(scope: Scope, cluster: string, service: string, desiredCount: number): void;
  /**
   * The service a committed store change deleted (DeleteService took it out of ACTIVE), else
   * undefined. Store watchers run after the commit and before DeleteService answers, so a
   * watcher that acts on it is done by the time the caller hears back.
   */
  deletedService(change: Change): ServiceRef | undefined;
}
