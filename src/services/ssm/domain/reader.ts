/** The `parameterReader` port over the Store and the KMS `keyVault` (see ports.ts). */
import { Scope } from '../../../platform/aws/scope.js';
import { ServiceError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { KeyVault, KeyVaultError, OnBehalfOf } from '../../kms/domain/ports.js';
import { parameterArn } from './names.js';
import { resolveReference } from './parameters.js';
import { ParameterReader, ParameterReadError, ParameterValue } from './ports.js';
import { revealValue } from './secure-values.js';

export class StoreParameterReader implements ParameterReader {
  constructor(private readonly store: ReadTx, private readonly vault: KeyVault) {}

  getParameterValue(scope: Scope, nameOrArn: string, withDecryption: boolean, onBehalfOf?: OnBehalfOf): ParameterValue {
    const { parameter, version } = this.resolve(scope, nameOrArn);
    const arn = parameterArn(scope, parameter.Name);
    try {
      const value = revealValue(this.vault, scope, version, arn, withDecryption, onBehalfOf);
      return { name: parameter.Name, arn, type: version.Type, version: version.Version, value };
    } catch (e) {
      if (!(e instanceof KeyVaultError)) throw e;
      throw new ParameterReadError('DecryptionFailed', `SSM parameter ${parameter.Name} (version ${version.Version}) could not be decrypted: ${e.code}: ${e.message}`, e.code);
    }
  }

  private resolve(scope: Scope, nameOrArn: string) {
    try {
      return resolveReference(this.store, scope, nameOrArn);
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      if (e.code === 'ParameterVersionNotFound') throw new ParameterReadError('ParameterVersionNotFound', e.message);
      throw new ParameterReadError('ParameterNotFound', `SSM parameter ${nameOrArn} does not exist in account ${scope.accountId}, Region ${scope.region}.`);
    }
  }
}
