/**
 * Parameter Store's errors with AWS's codes and messages (HTTP 400 throughout, as SSM
 * answers them). Messages name parameters, versions, labels and patterns, never a value.
 * AWS answers ParameterNotFound with an empty message; so does Berth.
 */
import { clientError, ServiceError } from '../../../protocol/errors.js';
import { KeyVaultError } from '../../kms/domain/ports.js';

const USER_GUIDE = 'https://docs.aws.amazon.com/systems-manager/latest/userguide';

export const validation = (message: string): ServiceError => clientError('ValidationException', message);

export const ssmErrors = {
  parameterNotFound: () => clientError('ParameterNotFound', ''),
  versionNotFound: (name: string, selector: string | number) =>
    clientError('ParameterVersionNotFound', `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`),
  alreadyExists: () => clientError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.'),
  limitExceeded: () => clientError('ParameterLimitExceeded', 'You have exceeded the number of parameters for this AWS account. Delete one or more parameters and try again.'),
  hierarchyTooDeep: () =>
    clientError('HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the AWS Systems Manager User Guide.'),
  patternMismatch: (pattern: string) => clientError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${pattern}`),
  invalidAllowedPattern: (message: string) => clientError('InvalidAllowedPatternException', message),
  maxVersions: (name: string, oldest: number) =>
    clientError(
      'ParameterMaxVersionLimitExceeded',
      `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${oldest}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    ),
  labelLimit: () =>
    clientError('ParameterVersionLabelLimitExceeded', 'A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.'),
  invalidFilterKey: (message: string) => clientError('InvalidFilterKey', message),
  invalidFilterOption: (message: string) => clientError('InvalidFilterOption', message),
  invalidFilterValue: (message: string) => clientError('InvalidFilterValue', message),
  invalidNextToken: () => clientError('InvalidNextToken', 'The specified token isn\'t valid.'),
  invalidResourceId: () => clientError('InvalidResourceId', ''),
  tooManyTags: () => clientError('TooManyTagsError', 'The Tags array exceeds the maximum of 50 tags for the resource.'),
  invalidPolicyType: () =>
    clientError('InvalidPolicyTypeException', 'The policy type is not supported. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification.'),
  invalidPolicyAttribute: (detail: string) => clientError('InvalidPolicyAttributeException', `A policy attribute or its value is invalid. ${detail}`),
  incompatiblePolicy: () =>
    clientError('IncompatiblePolicyException', 'There is a conflict in the policies specified for this parameter. You can\'t, for example, specify two Expiration policies for a parameter. Review your policies, and try again.'),
  policiesLimit: () => clientError('PoliciesLimitExceededException', 'You specified more than the maximum number of allowed policies for the parameter. The maximum is 10.'),
  standardValueTooLong: () =>
    validation(
      `Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see ${USER_GUIDE}/parameter-store-advanced-parameters.html`,
    ),
  advancedValueTooLong: () => validation('1 validation error detected: Value at \'value\' failed to satisfy constraint: Member must have length less than or equal to 8192'),
  noDowngrade: () =>
    validation(
      'This parameter uses the advanced-parameter tier. You can\'t downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.',
    ),
  throttled: () => clientError('ThrottlingException', 'Rate exceeded'),
  concurrentUpdate: () => clientError('TooManyUpdates', 'There are concurrent updates for a resource that supports one update at a time.'),
  /**
   * A KMS refusal, as SSM wraps it: KMS's message, then the service, status and code KMS
   * answered (`Key '…' does not exist (Service: AWSKMS; Status Code: 400; Error Code:
   * NotFoundException; Request ID: …; Proxy: null)`).
   */
  invalidKeyId: (err: KeyVaultError, requestId: string) => clientError('InvalidKeyId', fromKms(err, requestId)),
  /** KMS refused the caller kms:Decrypt: SSM answers KMS's own code, with the same wrapping. */
  kmsAccessDenied: (err: KeyVaultError, requestId: string) => clientError('AccessDeniedException', fromKms(err, requestId)),
};

function fromKms(err: KeyVaultError, requestId: string): string {
  return `${err.message} (Service: AWSKMS; Status Code: 400; Error Code: ${err.code}; Request ID: ${requestId}; Proxy: null)`;
}
