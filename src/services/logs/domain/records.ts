/**
 * What CloudWatch Logs keeps in the document store: log groups, one record each (they are
 * configuration, read by the shipper and the retention sweep). Streams and events live in
 * the event store (./events/), under the group's `events` key.
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';

export const KIND = { group: 'logs/group' } as const;

export type LogGroupClass = 'STANDARD' | 'INFREQUENT_ACCESS' | 'DELIVERY';

export interface LogGroupDoc {
  logGroupName: string;
  /** Epoch milliseconds. */
  creationTime: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  logGroupClass: LogGroupClass;
  tags: Record<string, string>;
  /** The group's key in the event store, new for every group created (a name used again starts empty). */
  events: string;
}

/** `<region>/<account>/<name>`: names are ASCII, so ids list in AWS's (ASCII) order. */
export const groupId = (scope: Scope, name: string) => `${scopePrefix(scope)}${name}`;
