/** Tags on every ELBv2 resource: AddTags, RemoveTags, DescribeTags (ELBv2's limits: 50 per resource, key ≤128, value ≤256). */
import { clientError } from '../../../protocol/errors.js';
import { Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { Store } from '../../../state/store.js';
import { Tag } from '../domain/docs.js';
import { KIND, resourceType } from '../domain/names.js';

export function validateTags(tags: Tag[] | undefined): Tag[] {
  if (!tags) return [];
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.Key)) throw clientError('DuplicateTagKeys', `Tag key '${t.Key}' is duplicated`);
    keys.add(t.Key);
    if (t.Key.toLowerCase().startsWith('aws:')) throw clientError('ValidationError', "Tag keys cannot start with 'aws:'");
  }
  if (tags.length > 50) throw clientError('TooManyTags', 'The quota for the number of tags that can be assigned to a load balancer has been reached');
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

const KIND_BY_TYPE: Record<string, string> = {
  loadbalancer: KIND.loadBalancer,
  targetgroup: KIND.targetGroup,
  listener: KIND.listener,
  'listener-rule': KIND.rule,
};

const NOT_FOUND: Record<string, [string, string]> = {
  loadbalancer: ['LoadBalancerNotFound', 'load balancers'],
  targetgroup: ['TargetGroupNotFound', 'target groups'],
  listener: ['ListenerNotFound', 'listeners'],
  'listener-rule': ['RuleNotFound', 'rules'],
};

function kindOf(arn: string): string {
  const type = resourceType(arn);
  // An own key only: an ARN of type "toString" names no kind.
  const kind = type && Object.hasOwn(KIND_BY_TYPE, type) ? KIND_BY_TYPE[type] : undefined;
  if (!kind) throw clientError('ValidationError', `'${arn}' is not a valid resource ARN`);
  return kind;
}

function notFound(arn: string): never {
  const [code, label] = NOT_FOUND[resourceType(arn)!];
  throw clientError(code, `One or more ${label} not found`);
}

export function makeTagOps(store: Store): TypedHandlers<Operations> {
  function update(arns: string[], change: (tags: Tag[]) => Tag[]) {
    return store.transact((tx) => {
      for (const arn of arns) {
        const kind = kindOf(arn);
        const rec = tx.get<{ tags: Tag[] }>(kind, arn);
        if (!rec) notFound(arn);
        tx.put(kind, arn, { ...rec.doc, tags: change(rec.doc.tags ?? []) });
      }
      return {};
    });
  }

  return {
    AddTags(input) {
      const added = validateTags(input.Tags);
      return update(input.ResourceArns, (tags) => {
        const byKey = new Map(tags.map((t) => [t.Key, t]));
        for (const t of added) byKey.set(t.Key, t);
        if (byKey.size > 50) throw clientError('TooManyTags', 'The quota for the number of tags that can be assigned to a load balancer has been reached');
        return [...byKey.values()];
      });
    },
    RemoveTags(input) {
      const drop = new Set(input.TagKeys);
      return update(input.ResourceArns, (tags) => tags.filter((t) => !drop.has(t.Key)));
    },
    DescribeTags(input) {
      if (input.ResourceArns.length > 20) throw clientError('ValidationError', 'A maximum of 20 resource ARNs can be specified');
      return {
        TagDescriptions: input.ResourceArns.map((arn) => {
          const rec = store.get<{ tags: Tag[] }>(kindOf(arn), arn);
          if (!rec) notFound(arn);
          return { ResourceArn: arn, Tags: rec.doc.tags ?? [] };
        }),
      };
    },
  };
}
