/** Pages of ECR's list and describe operations: the shared tokens and pages with ECR's errors. */
import { decodeToken, pageOf } from '../../../platform/aws/pagination.js';
import { clientError } from '../../../protocol/errors.js';

export function page<T>(items: T[], keyOf: (t: T) => string, nextToken: string | undefined, maxResults: number | undefined, defaultMax: number, upperBound: number): { items: T[]; nextToken?: string } {
  const limit = maxResults ?? defaultMax;
  if (limit < 1 || limit > upperBound) throw clientError('InvalidParameterException', `maxResults must be between 1 and ${upperBound}.`);
  const after = nextToken === undefined ? undefined : decodeToken(nextToken);
  if (nextToken !== undefined && after === undefined) throw clientError('InvalidParameterException', 'Invalid nextToken.');
  const p = pageOf(items, keyOf, after, limit);
  return { items: p.items, nextToken: p.next };
}
