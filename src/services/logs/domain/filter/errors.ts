/** A filter pattern CloudWatch Logs would refuse; the API answers InvalidParameterException with the message. */
export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterPatternError';
  }
}

/** AWS's message when it names no more precise problem. */
export const INVALID_PATTERN = 'Invalid filter pattern';
