/** Records as the API answers them. */
import { Scope } from '../../../platform/aws/scope.js';
import { LogGroup, LogStream } from '../../../protocol/generated/logs.js';
import { StreamInfo } from '../domain/events/event-store.js';
import { groupArn, groupArnStar, streamArn } from '../domain/names.js';
import { LogGroupDoc } from '../domain/records.js';

export function groupView(scope: Scope, g: LogGroupDoc, storedBytes: number): LogGroup {
  return {
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: groupArnStar(scope, g.logGroupName),
    storedBytes,
    ...(g.kmsKeyId !== undefined ? { kmsKeyId: g.kmsKeyId } : {}),
    logGroupClass: g.logGroupClass,
    logGroupArn: groupArn(scope, g.logGroupName),
  };
}

/** With logGroupNamePattern AWS answers only these three members. */
export function groupPatternView(scope: Scope, g: LogGroupDoc): LogGroup {
  return { logGroupName: g.logGroupName, creationTime: g.creationTime, arn: groupArnStar(scope, g.logGroupName) };
}

/** The deprecated sequence token: 56 digits counting the stream's uploads, as AWS's look. */
export const sequenceToken = (appended: number): string => String(appended).padStart(56, '0');

export function streamView(scope: Scope, group: string, s: StreamInfo): LogStream {
  return {
    logStreamName: s.name,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp } : {}),
    ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
    ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
    ...(s.appended > 0 ? { uploadSequenceToken: sequenceToken(s.appended) } : {}),
    arn: streamArn(scope, group, s.name),
    // AWS has reported 0 for streams since June 2019 (groups still count their bytes).
    storedBytes: 0,
  };
}
