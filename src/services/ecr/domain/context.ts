/** What every ECR operation module receives from the composition root. */
import { Clock } from '../../../platform/clock.js';
import { Registry } from './registry.js';
import { Uploads } from './uploads.js';
import { TokenKey } from './token.js';
import { Store } from '../../../state/store.js';

export interface EcrDeps {
  store: Store;
  clock: Clock;
  registry: Registry;
  uploads: Uploads;
  key: TokenKey;
  accountId: string;
  /** host[:port] in repository URIs (localhost:<port> unless --registry-host). */
  registryHost: string;
  /** http://host:port of the edge, for download URLs. */
  endpoint: string;
  /** This account's ECR Public registry alias. */
  publicAlias: string;
}
