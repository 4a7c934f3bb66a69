/**
 * What Parameter Store offers other services (the `parameterReader` port): a parameter's
 * value by name or ARN, as ECS reads task `secrets` (`valueFrom`) and container
 * environment references. It reads what GetParameter would answer, without an API call.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { OnBehalfOf } from '../../kms/domain/ports.js';

export interface ParameterValue {
  /** As the parameter was created (with or without its leading slash). */
  name: string;
  arn: string;
  type: 'String' | 'StringList' | 'SecureString';
  version: number;
  /** The value; for a SecureString read without decryption, the ciphertext in base64. */
  value: string;
}

/**
 * Why a read failed, naming the parameter (and the version or key), never a value:
 * - `ParameterNotFound`: no such parameter in the scope (or an ARN of another account or Region);
 * - `ParameterVersionNotFound`: the `:version` or `:label` selector names no version;
 * - `DecryptionFailed`: KMS refused to decrypt a SecureString; `kmsCode` is KMS's error
 *   code (DisabledException, NotFoundException, KMSInvalidStateException…).
 */
export class ParameterReadError extends Error {
  constructor(
    readonly code: 'ParameterNotFound' | 'ParameterVersionNotFound' | 'DecryptionFailed',
    message: string,
    readonly kmsCode?: string,
  ) {
    super(message);
    this.name = 'ParameterReadError';
  }
}

export interface ParameterReader {
  /**
   * The value of a parameter in `scope`: `nameOrArn` is a name (`/app/db/password`, the leading
   * slash optional), an ARN (`arn:aws:ssm:<region>:<account>:parameter/app/db/password`), either
   * optionally with a `:version` or `:label` selector. SecureString values are decrypted through
   * KMS only when `withDecryption` is true. Throws ParameterReadError.
   *
   * Authorization is the caller's: whoever reads on a principal's behalf (an ECS task's
   * execution role) checks ssm:GetParameters; with `onBehalfOf`, KMS checks kms:Decrypt
   * for that principal through SSM as it does for GetParameter (DecryptionFailed, kmsCode
   * AccessDeniedException, when refused).
   */
  getParameterValue(scope: Scope, nameOrArn: string, withDecryption: boolean, onBehalfOf?: OnBehalfOf): ParameterValue;
}
