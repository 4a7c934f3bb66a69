/**
 * CloudWatch's refusals. Each is thrown by its error shape's name; the protocols answer it
 * with the shape's awsQuery code (InvalidParameterValue, ResourceNotFound…) and status.
 * ValidationError is not a modeled shape: AWS answers semantic PutMetricAlarm problems and
 * model violations with it (400).
 */
import { ServiceError } from '../../../protocol/errors.js';

const error = (code: string, status = 400) => (message: string) => new ServiceError(code, message, status);

export const cwErrors = {
  invalidValue: error('InvalidParameterValueException'),
  invalidCombination: error('InvalidParameterCombinationException'),
  missingParameter: error('MissingRequiredParameterException'),
  validation: error('ValidationError'),
  /** AWS's answer for an alarm that does not exist (SetAlarmState): the code, no message. */
  alarmNotFound: () => new ServiceError('ResourceNotFound', '', 404),
  resourceNotFound: error('ResourceNotFoundException', 404),
  invalidNextToken: () => new ServiceError('InvalidNextToken', 'The NextToken provided is not valid.'),
  invalidFormat: error('InvalidFormatFault'),
  /** A value the caller named at `path` (awsQuery member path, e.g. MetricData.member.1.Value). */
  invalidParameter: (value: unknown, path: string) => new ServiceError('InvalidParameterValueException', `The value ${String(value)} for parameter ${path} is invalid.`),
};
