/**
 * What a Logs call touches, for the authorize step. Group actions are authorized on the
 * group's ARN with `:*` (`arn:…:log-group:<name>:*`, as IAM policies name groups), the
 * tagging actions on the ARN they are given (without `:*`, as AWS documents), stream
 * actions on `arn:…:log-group:<name>:log-stream:<stream>`. A logGroupIdentifier may be an
 * ARN: it names the group. Tag keys and values reach aws:TagKeys and aws:RequestTag/<key>.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { CallPlace, callScope, CallScope, strings } from '../../../iam/call-scope.js';
import { groupArnStar, groupNameOfArn, streamArn } from '../domain/names.js';

type Fields = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const tagMap = (input: Fields): Record<string, string> =>
  input.tags !== null && typeof input.tags === 'object' && !Array.isArray(input.tags) ? (input.tags as Record<string, string>) : {};

/** The group names a call's input gives, however it gives them. */
function groupNames(input: Fields, place: CallPlace): string[] {
  const identifiers = [...strings(input.logGroupIdentifier), ...strings(input.logGroupIdentifiers)];
  const named = identifiers.map((id) => (id.startsWith('arn:') ? groupNameOfArn(id, place) ?? id : id));
  return [...strings(input.logGroupName), ...named];
}

const base = callScope('logs', {
  builders: {
    'log-group': (input, place) => {
      const arn = text(input.resourceArn);
      if (arn !== undefined) return [arn];
      return groupNames(input, place).map((name) => groupArnStar(place, name));
    },
    'log-stream': (input, place) => {
      const stream = text(input.logStreamName);
      return stream === undefined ? [] : groupNames(input, place).map((name) => streamArn(place, name, stream));
    },
  },
  conditions: (input): Record<string, string[]> => {
    // TagResource and CreateLogGroup give a map; UntagResource `tagKeys`, UntagLogGroup `tags` as a list.
    const keys = [...Object.keys(tagMap(input)), ...strings(input.tagKeys), ...strings(input.tags)];
    return keys.length > 0 ? { 'aws:TagKeys': keys } : {};
  },
});

export function logsCallScope(operation: string, input: unknown, ctx: CallPlace): CallScope | undefined {
  const fields = (input ?? {}) as Fields;
  const scoped = base(operation, fields, ctx);
  // A key whose name carries the tag key is not matched by the table's template: filled in here.
  const listed = iamActionFor('logs', operation)?.conditionKeys.includes('aws:RequestTag/${TagKey}');
  const requestTags = listed ? Object.entries(tagMap(fields)).map(([k, v]) => [`aws:RequestTag/${k}`, String(v)] as const) : [];
  if (requestTags.length === 0) return scoped;
  return { resources: scoped?.resources ?? ['*'], context: { ...scoped?.context, ...Object.fromEntries(requestTags) } };
}
