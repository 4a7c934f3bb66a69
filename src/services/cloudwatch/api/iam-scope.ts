/**
 * What a CloudWatch call touches, for IAM: the alarm ARNs of the alarms it names
 * (AlarmName, AlarmNames, or a ResourceARN that is an alarm's), and the condition keys
 * cloudwatch:namespace (PutMetricData), cloudwatch:AlarmActions (PutMetricAlarm's actions),
 * aws:TagKeys and aws:RequestTag/<key>. Metric calls are authorized on `*`, as AWS does.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { CallPlace, callScope, CallScope, strings } from '../../../iam/call-scope.js';
import { parseArn } from '../../../platform/aws/arn.js';
import { alarmArn } from '../domain/alarm-book.js';

type Fields = Record<string, unknown>;

const tagsOf = (input: Fields): { Key: string; Value: string }[] => (Array.isArray(input.Tags) ? (input.Tags as { Key: string; Value: string }[]) : []);

function conditions(input: Fields): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  if (typeof input.Namespace === 'string') out['cloudwatch:namespace'] = input.Namespace;
  const actions = [input.AlarmActions, input.OKActions, input.InsufficientDataActions].flatMap(strings);
  if (actions.length > 0) out['cloudwatch:AlarmActions'] = actions;
  const tagKeys = input.TagKeys !== undefined ? strings(input.TagKeys) : tagsOf(input).map((t) => t.Key);
  if (tagKeys.length > 0) out['aws:TagKeys'] = tagKeys;
  return out;
}

const base = callScope('cloudwatch', {
  builders: {
    alarm: (input, place) => {
      const named = [...strings(input.AlarmName), ...strings(input.AlarmNames)].map((name) => alarmArn(place, name));
      const resource = typeof input.ResourceARN === 'string' && parseArn(input.ResourceARN)?.resource.startsWith('alarm:') ? [input.ResourceARN] : [];
      return [...named, ...resource];
    },
  },
  conditions,
});

export function cloudwatchCallScope(operation: string, input: unknown, place: CallPlace): CallScope | undefined {
  const fields = (input ?? {}) as Fields;
  const scoped = base(operation, fields, place);
  // A key whose name carries the tag key is not matched by the table's template: filled in here.
  const listed = iamActionFor('cloudwatch', operation)?.conditionKeys.includes('aws:RequestTag/${TagKey}');
  const requestTags = listed ? tagsOf(fields).map((t) => [`aws:RequestTag/${t.Key}`, t.Value] as const) : [];
  if (requestTags.length === 0) return scoped;
  return { resources: scoped?.resources ?? ['*'], context: { ...scoped?.context, ...Object.fromEntries(requestTags) } };
}
