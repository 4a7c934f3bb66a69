/** What CloudWatch's handlers need from outside, and the paging every List/Describe shares. */
import { MetricsStore } from '../../../metrics/store.js';
import { decodeToken } from '../../../platform/aws/pagination.js';
import { Store } from '../../../state/store.js';
import { AlarmBook } from '../domain/alarm-book.js';
import { cwErrors } from '../domain/errors.js';

export interface CloudWatchDeps {
  store: Store;
  metrics: MetricsStore;
  book: AlarmBook;
  /** The configured minute, in seconds (60 outside tests). */
  minute: number;
}

/** The key a NextToken carries; a token that is not one of ours is InvalidNextToken. */
export function tokenKey(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const key = decodeToken(token);
  if (key === undefined) throw cwErrors.invalidNextToken();
  return key;
}

export const toDate = (t: Date | string | number): Date => (t instanceof Date ? t : new Date(t));
