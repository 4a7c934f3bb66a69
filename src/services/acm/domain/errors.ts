/**
 * ACM's errors with AWS's codes. Messages name certificates and domains, never a key or
 * a certificate body: a refused import must not echo what it refused to store.
 */
import { ServiceError } from '../../../protocol/errors.js';

const err = (code: string, message: string) => new ServiceError(code, message, 400);

export const acmErrors = {
  notFound: (arn: string) => err('ResourceNotFoundException', `Could not find certificate ${arn}.`),
  invalidArn: (arn: string) => err('InvalidArnException', `${arn} is not a valid certificate ARN.`),
  inUse: (arn: string, users: string[]) => err('ResourceInUseException', `Certificate ${arn} is in use by ${users.join(', ')}.`),
  validation: (message: string) => err('ValidationException', message),
  invalidParameter: (message: string) => err('InvalidParameterException', message),
  invalidTag: (message: string) => err('InvalidTagException', message),
  tooManyTags: () => err('TooManyTagsException', 'the TagSet: contains too many tags. A certificate can have at most 50 tags.'),
  invalidArgs: (message: string) => err('InvalidArgsException', message),
  invalidDomainValidationOptions: (message: string) => err('InvalidDomainValidationOptionsException', message),
};
