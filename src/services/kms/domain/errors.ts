/**
 * KMS's refusals, as the KeyVaultError of the port (./ports.ts): its code is the AWS error
 * code and its message AWS's (the key state table of the KMS Developer Guide, and answers
 * recorded from AWS). The API answers them as they are; other services translate them.
 * Messages name keys, aliases and numbers, never key material, plaintext or a policy.
 */
import { validationMessage } from '../../../protocol/errors.js';
import { KeyVaultError } from './ports.js';

const error = (code: string) => (message: string) => new KeyVaultError(code, message);
const notFound = error('NotFoundException');
const invalidState = error('KMSInvalidStateException');
const validation = error('ValidationException');

export const kmsErrors = {
  keyNotFound: (keyArn: string) => notFound(`Key '${keyArn}' does not exist`),
  invalidKeyId: (keyId: string) => notFound(`Invalid keyId '${keyId}'`),
  /** A key ARN of another region. */
  invalidArn: (region: string) => notFound(`Invalid arn ${region}`),
  aliasNotFound: (aliasArn: string) => notFound(`Alias ${aliasArn} is not found.`),
  aliasExists: (aliasArn: string) => new KeyVaultError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`),
  /** AWS answers `alias/aws/…` names with this code and no message. */
  reservedAlias: () => new KeyVaultError('NotAuthorizedException', ''),
  aliasPrefix: () => validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'),
  aliasCharacters: (name: string) => validation(`${name} contains invalid characters for an alias`),
  aliasToAlias: () => validation('Aliases must refer to keys. Not aliases'),
  disabled: (keyArn: string) => new KeyVaultError('DisabledException', `${keyArn} is disabled.`),
  pendingDeletion: (keyArn: string) => invalidState(`${keyArn} is pending deletion.`),
  notPendingDeletion: (keyArn: string) => invalidState(`${keyArn} is not pending deletion.`),
  /** AWS answers a blob it cannot open (bad, tampered, or another encryption context) with no message. */
  invalidCiphertext: () => new KeyVaultError('InvalidCiphertextException', ''),
  incorrectKey: () => new KeyVaultError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.'),
  accessDenied: (callerArn: string, action: string, keyArn: string) =>
    new KeyVaultError('AccessDeniedException', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${keyArn} because no resource-based policy allows the ${action} action`),
  unsupported: (message: string) => new KeyVaultError('UnsupportedOperationException', message),
  invalidKeyUsage: (message: string) => new KeyVaultError('InvalidKeyUsageException', message),
  malformedPolicy: (message: string) => new KeyVaultError('MalformedPolicyDocumentException', message),
  noSuchPolicy: () => notFound('No such policy exists'),
  tag: (message: string) => new KeyVaultError('TagException', message),
  invalidMarker: () => new KeyVaultError('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.'),
  dryRun: () => new KeyVaultError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.'),
  onDemandLimit: (keyArn: string) => new KeyVaultError('LimitExceededException', `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${keyArn}`),
  validation,
  /** AWS's "1 validation error detected: …" for problems the model cannot express (blob lengths). */
  constraint: (problems: string[]) => validation(validationMessage(problems)),
  /** Key material that does not unwrap: the master key changed or the record was altered. */
  internal: (keyArn: string) => new KeyVaultError('KMSInternalException', `The key material of ${keyArn} cannot be read with this Berth's master key.`),
};
