/**
 * TagResource, UntagResource and ListTagsForResource for alarms (Berth's only taggable
 * CloudWatch resource). An ARN that names no alarm of the caller's account and region is
 * ResourceNotFoundException; AWS's tag rules (../../../platform/aws/tags.ts) apply.
 */
import { isForeignArn, parseArn } from '../../../platform/aws/arn.js';
import { mergeTagPairs, removeTagKeys } from '../../../platform/aws/tags.js';
import { Scope, scopeOf } from '../../../platform/aws/scope.js';
import { Operations, Tag } from '../../../protocol/generated/cloudwatch.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { tagError } from '../domain/alarm-book.js';
import { cwErrors } from '../domain/errors.js';
import { AlarmDoc, alarmRecordId, KIND } from '../domain/records.js';
import { CloudWatchDeps } from './context.js';

const pairs = (tags: readonly Tag[]) => tags.map((t) => ({ key: t.Key, value: t.Value }));
const wireTags = (tags: { key: string; value: string }[]): Tag[] => tags.map((t) => ({ Key: t.key, Value: t.value }));

function alarmOf(tx: ReadTx, scope: Scope, arn: string): StoredRecord<AlarmDoc> {
  const parsed = parseArn(arn);
  const name = parsed?.service === 'cloudwatch' && parsed.resource.startsWith('alarm:') ? parsed.resource.slice('alarm:'.length) : undefined;
  const record = name !== undefined && !isForeignArn(arn, scope) ? tx.get<AlarmDoc>(KIND.alarm, alarmRecordId(scope, name)) : undefined;
  if (!record) throw cwErrors.resourceNotFound(`The specified resource ${arn} does not exist.`);
  return record;
}

export function tagOps(deps: CloudWatchDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    TagResource: (input, ctx) => {
      store.transact((tx) => {
        const alarm = alarmOf(tx, scopeOf(ctx), input.ResourceARN);
        const tags = wireTags(mergeTagPairs(pairs(alarm.doc.tags), pairs(input.Tags)));
        const problem = tagError(tags);
        if (problem) throw problem;
        tx.put(KIND.alarm, alarm.id, { ...alarm.doc, tags }, alarm.version);
      });
      return {};
    },

    UntagResource: (input, ctx) => {
      store.transact((tx) => {
        const alarm = alarmOf(tx, scopeOf(ctx), input.ResourceARN);
        tx.put(KIND.alarm, alarm.id, { ...alarm.doc, tags: wireTags(removeTagKeys(pairs(alarm.doc.tags), input.TagKeys)) }, alarm.version);
      });
      return {};
    },

    ListTagsForResource: (input, ctx) => ({ Tags: alarmOf(store, scopeOf(ctx), input.ResourceARN).doc.tags }),
  };
}
