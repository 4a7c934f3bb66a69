/** CloudWatch Logs' errors with AWS's codes and messages (HTTP 400 throughout). */
import { clientError, ServiceError } from '../../../protocol/errors.js';

export const invalidParameter = (message: string): ServiceError => clientError('InvalidParameterException', message);

export const logsErrors = {
  groupNotFound: () => clientError('ResourceNotFoundException', 'The specified log group does not exist.'),
  streamNotFound: () => clientError('ResourceNotFoundException', 'The specified log stream does not exist.'),
  groupExists: () => clientError('ResourceAlreadyExistsException', 'The specified log group already exists'),
  streamExists: () => clientError('ResourceAlreadyExistsException', 'The specified log stream already exists'),
  nameOrIdentifier: () => invalidParameter('Specify either logGroupName or logGroupIdentifier, but not both.'),
  invalidToken: () => invalidParameter('The specified nextToken is invalid.'),
  tooManyTags: (resourceName: string) => clientError('TooManyTagsException', 'A resource can have no more than 50 tags.', { resourceName }),
};
