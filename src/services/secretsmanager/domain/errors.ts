/**
 * Secrets Manager's errors with AWS's codes and messages. Messages name secrets, versions
 * and labels, never a value: a refused write must not echo what it refused to store.
 */
import { ServiceError } from '../../../protocol/errors.js';

const err = (code: string, message: string) => new ServiceError(code, message, 400);

export const smErrors = {
  notFound: () => err('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  validation: (message: string) => err('ValidationException', message),
  invalidName: () => err('ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!'),
  markedForDeletion: () => err('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."),
  nameScheduledForDeletion: () => err('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion."),
  exists: (name: string) => err('ResourceExistsException', `The operation failed because the secret ${name} already exists.`),
  tokenInUse: (token: string, arn: string) =>
    err('ResourceExistsException', `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${arn}.`),
  tokenMissing: () => err('InvalidRequestException', 'You must provide a ClientRequestToken value. We recommend a UUID-type value.'),
  noStage: (label: string) => err('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${label}`),
  noVersion: (versionId: string) => err('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`),
  stageMismatch: () => err('InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.'),
  invalidParameter: (message: string) => err('InvalidParameterException', message),
  invalidRequest: (message: string) => err('InvalidRequestException', message),
  limitExceeded: (message: string) => err('LimitExceededException', message),
  malformedPolicy: (message: string) => err('MalformedPolicyDocumentException', message),
  publicPolicy: () => err('PublicPolicyException', 'You can\'t attach a resource-based policy that allows broad access to the secret.'),
  invalidNextToken: () => err('InvalidNextTokenException', 'The NextToken value is invalid.'),
  encryptionFailure: () =>
    err('EncryptionFailure', "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state."),
  decryptionFailure: () => err('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key."),
};
