/** What every ELBv2 operation module receives from the module. */
import { Clock } from '../../../platform/clock.js';
import { Store } from '../../../state/store.js';
import { CertificateStore } from '../../acm/domain/ports.js';

export interface Elbv2Deps {
  store: Store;
  clock: Clock;
  /** Checks that a listener port can be bound (no other process holds it); rejects with a message otherwise. */
  portAvailable(port: number): Promise<boolean>;
  /** The address listeners bind (`--lb-bind-ip`): what a network load balancer's Elastic IP shows as its address. */
  lbBindIp?: string;
  /** ACM's certificates for HTTPS listeners; without it (no ACM module) HTTPS listeners are refused. */
  certificates?: CertificateStore;
}
