/** What every ECS operation module receives from the composition root. */
import { Clock } from '../../../platform/clock.js';
import { Logger } from '../../../platform/log.js';
import { HostAccessPolicy } from '../../../platform/config.js';
import { Store } from '../../../state/store.js';
import { TaskRoles } from '../domain/task-roles.js';
import { TargetRegistry } from '../../elbv2/domain/ports.js';
import { LocalHost } from '../domain/local-host.js';

export interface EcsDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  host: LocalHost;
  /** The operator's --allow-* settings. */
  hostAccess: HostAccessPolicy;
  /** Elastic Load Balancing, when the ELBv2 module runs. */
  targets?: TargetRegistry;
  /** With IAM: RunTask and StartTask refuse a task role ECS cannot assume. */
  roles?: TaskRoles;
}
