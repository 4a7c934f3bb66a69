/**
 * DescribeScalingActivities: the namespace's activities (or one target's: ResourceId, and
 * ScalableDimension when given) of the last six weeks, newest first; not-scaled activities
 * only with IncludeNotScaledActivities. Activities outlive their target, as in AWS.
 */
import { pageFrom } from '../../../platform/aws/pagination.js';
import { Operations } from '../../../protocol/generated/application-autoscaling.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord } from '../../../state/store.js';
import { ACTIVITY_RETENTION_MS } from '../domain/activities.js';
import { ActivityDoc, INDEX, KIND, namespacePrefix, targetId } from '../domain/records.js';
import { pageSize } from '../domain/validation.js';
import { AasDeps, scope } from './context.js';
import { afterToken } from './paging.js';
import { activityView } from './views.js';

const PAGE_MAX = 50;

type Input = Operations['DescribeScalingActivities']['input'];

export function activityOps(deps: AasDeps): Pick<TypedHandlers<Operations>, 'DescribeScalingActivities'> {
  return {
    DescribeScalingActivities: (input, ctx) => {
      const limit = pageSize(input.MaxResults, PAGE_MAX);
      const place = scope(ctx);
      const oldest = new Date(ctx.now.getTime() - ACTIVITY_RETENTION_MS).toISOString();
      const { ResourceId: resourceId, ScalableDimension: dimension } = input;
      // One target's activities are one index key; anything wider is the namespace's range, filtered.
      const read = resourceId !== undefined && dimension !== undefined
        ? (after: string | undefined, n: number) => deps.store.listByIndex<ActivityDoc>(KIND.activity, INDEX.activityTarget, {
          key: targetId(place, { ServiceNamespace: input.ServiceNamespace, ResourceId: resourceId, ScalableDimension: dimension }), after, limit: n,
        })
        : (after: string | undefined, n: number) => deps.store.list<ActivityDoc>(KIND.activity, { prefix: namespacePrefix(place, input.ServiceNamespace), after, limit: n });
      const keep = ({ doc }: StoredRecord<ActivityDoc>) => doc.StartTime >= oldest && shown(input, doc);
      const page = pageFrom(read, (r) => r.id, keep, afterToken(input.NextToken), limit);
      return { ScalingActivities: page.items.map((r) => activityView(r.doc)), ...(page.next ? { NextToken: page.next } : {}) };
    },
  };
}

function shown(input: Input, doc: ActivityDoc): boolean {
  if (doc.NotScaledReasons && !input.IncludeNotScaledActivities) return false;
  return (input.ResourceId === undefined || doc.ResourceId === input.ResourceId) && (input.ScalableDimension === undefined || doc.ScalableDimension === input.ScalableDimension);
}
