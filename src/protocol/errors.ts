/**
 * Wire errors. A ServiceError carries the AWS error code, HTTP status and message
 * that a client expects; anything else thrown by a handler is an internal error
 * that the gateway answers as InternalFailure 500 and logs with the request id.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error shape (e.g. ConflictException.resourceIds). */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function clientError(code: string, message: string, fields?: Record<string, unknown>): ServiceError {
  return new ServiceError(code, message, 400, fields);
}

export class NotImplementedError extends ServiceError {
  constructor(service: string, operation: string) {
    super('NotImplemented', `Berth does not implement ${service} operation ${operation} yet.`, 501);
  }
}

/** AWS's model-validation wording ("1 validation error detected: ..."). */
export function validationMessage(problems: string[]): string {
  const n = problems.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
}
