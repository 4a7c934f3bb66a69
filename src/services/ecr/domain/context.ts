/** What every ECR operation module receives from the composition root. */
import { Clock } from '../../../platform/clock.js';
import { Registry } from './registry.js';
import { Uploads } from './uploads.js';
import { TokenKey } from './token.js';
import { RepositoryAccessControl } from './access-control.js';
import { Store } from '../../../state/store.js';

export interface EcrDeps {
  store: Store;
  clock: Clock;
  registry: Registry;
  uploads: Uploads;
  key: TokenKey;
  /** The root access key: Berth's own pulls (ECS tasks' images) act as the account root. */
  rootAccessKeyId: string;
  /** IAM decisions on repositories, as the edge makes them (registry requests, SetRepositoryPolicy's lock-out guard). */
  accessControl: RepositoryAccessControl;
  accountId: string;
  /** host[:port] in repository URIs (localhost:<port> unless --registry-host). */
  registryHost: string;
  /** http://host:port of the edge, for download URLs. */
  endpoint: string;
  /** This account's ECR Public registry alias. */
  publicAlias: string;
}
