/** The `secretReader` port over the Store: GetSecretValue's read, errors as SecretReadError. */
import { Clock } from '../../../platform/clock.js';
import { ServiceError } from '../../../protocol/errors.js';
import { Store } from '../../../state/store.js';
import { KeyVault } from '../../kms/domain/ports.js';
import { SecretReader, SecretReadError } from './ports.js';
import { readValue } from './reading.js';

export function storeSecretReader(store: Store, vault: KeyVault, clock: Clock): SecretReader {
  return {
    getSecretValue(scope, secretIdOrArn, selection = {}) {
      try {
        const read = store.transact((tx) => readValue(tx, vault, scope, secretIdOrArn, { VersionId: selection.versionId, VersionStage: selection.versionStage }, clock.now()));
        const policy = read.secret.ResourcePolicy;
        return { ...read.value, arn: read.secret.ARN, versionId: read.version.VersionId, ...(policy !== undefined ? { resourcePolicy: policy } : {}) };
      } catch (e) {
        if (e instanceof ServiceError) throw new SecretReadError(e.code, e.message);
        throw e;
      }
    },
  };
}
