/**
 * What an Application Auto Scaling call touches, for the authorize step: the scalable target
 * (`arn:…:application-autoscaling:<region>:<account>:scalable-target/<id>`) its namespace,
 * resource id and dimension name, when it is registered (a new one is `*`), or the
 * ResourceARN of a tagging call; and the condition keys where the Service Authorization
 * Reference lists them: application-autoscaling:service-namespace and
 * application-autoscaling:scalable-dimension, aws:TagKeys and aws:RequestTag/<key>.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { CallPlace, callScope, CallScope, strings } from '../../../iam/call-scope.js';
import { ReadTx } from '../../../state/store.js';
import { KIND, TargetDoc, targetId } from '../domain/records.js';

type Fields = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const tagsOf = (input: Fields): Record<string, string> => (input.Tags && typeof input.Tags === 'object' ? (input.Tags as Record<string, string>) : {});

function targetArnOf(tx: ReadTx, input: Fields, place: CallPlace): string[] {
  if (typeof input.ResourceARN === 'string') return [input.ResourceARN];
  const [namespace, resourceId, dimension] = [text(input.ServiceNamespace), text(input.ResourceId), text(input.ScalableDimension)];
  if (!namespace || !resourceId || !dimension) return [];
  const target = tx.get<TargetDoc>(KIND.target, targetId(place, { ServiceNamespace: namespace, ResourceId: resourceId, ScalableDimension: dimension }));
  return target ? [target.doc.ScalableTargetARN] : [];
}

function conditions(input: Fields): Record<string, string | string[]> {
  const tagKeys = [...Object.keys(tagsOf(input)), ...strings(input.TagKeys)];
  const entries: Array<[string, string | string[] | undefined]> = [
    ['application-autoscaling:service-namespace', text(input.ServiceNamespace)],
    ['application-autoscaling:scalable-dimension', text(input.ScalableDimension)],
    ['aws:TagKeys', tagKeys.length > 0 ? tagKeys : undefined],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

export function aasCallScope(tx: ReadTx) {
  const base = callScope('application-autoscaling', { builders: { ScalableTarget: (input, place) => targetArnOf(tx, input, place) }, conditions });
  return (operation: string, input: unknown, ctx: CallPlace): CallScope | undefined => {
    const fields = (input ?? {}) as Fields;
    const scoped = base(operation, fields, ctx);
    // A key whose name carries the tag key is not matched by the table's template: filled in here.
    const listed = iamActionFor('application-autoscaling', operation)?.conditionKeys.includes('aws:RequestTag/${TagKey}');
    const requestTags = listed ? Object.entries(tagsOf(fields)).map(([key, value]) => [`aws:RequestTag/${key}`, value] as const) : [];
    if (requestTags.length === 0) return scoped;
    return { resources: scoped?.resources ?? ['*'], context: { ...scoped?.context, ...Object.fromEntries(requestTags) } };
  };
}
