/**
 * RegisterScalableTarget, DeregisterScalableTarget, DescribeScalableTargets.
 * Registering again updates: what the call leaves out stays (capacities, role, each
 * suspension flag), and tags may only be given on the first registration (AWS's
 * ValidationException points to TagResource). Whenever the bounds are set, the service's
 * desired count is brought within them (an activity of its own). Deregistering deletes the
 * target's policies (and their alarms) and scheduled actions; its activities stay
 * (domain/deregistration.ts, which also follows ECS service deletions).
 */
import { hexId } from '../../../platform/ids.js';
import { Operations, RegisterScalableTargetRequest, SuspendedState } from '../../../protocol/generated/application-autoscaling.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { aasErrors } from '../domain/errors.js';
import { ecsServiceLinkedRole, ecsServiceOf, scalableTargetArn } from '../domain/names.js';
import { removeTarget } from '../domain/deregistration.js';
import { KIND, namespacePrefix, TargetDoc, targetId } from '../domain/records.js';
import { capacityProblem, pageSize, targetRefProblem } from '../domain/validation.js';
import { AasDeps, refOf, registeredTarget, scope } from './context.js';
import { pageOf } from './paging.js';
import { checkTags } from './tags.js';
import { targetView } from './views.js';

/** AWS's quota of scalable targets per namespace in an account and Region (ECS: 3,000). */
export const MAX_TARGETS = 3000;
const PAGE_MAX = 50;

const NOT_SUSPENDED: Required<SuspendedState> = { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false };

function checkRegistration(input: RegisterScalableTargetRequest): void {
  const problem = targetRefProblem(refOf(input)) ?? capacityProblem('minCapacity', input.MinCapacity) ?? capacityProblem('maxCapacity', input.MaxCapacity);
  if (problem) throw problem;
}

function created(deps: AasDeps, tx: Tx, input: RegisterScalableTargetRequest, ctx: RequestContext): TargetDoc {
  const place = scope(ctx);
  if (input.MinCapacity === undefined || input.MaxCapacity === undefined) throw aasErrors.capacitiesRequired();
  const ecs = ecsServiceOf(input.ResourceId)!;
  // A draining service is on its way out: AWS would deregister the target as soon as it was made.
  if (deps.scaler && deps.scaler.describe(place, ecs.cluster, ecs.service)?.status !== 'ACTIVE') throw aasErrors.ecsServiceMissing(input.ResourceId);
  if (tx.count(KIND.target, { prefix: namespacePrefix(place, input.ServiceNamespace) }) >= MAX_TARGETS) throw aasErrors.limit('scalable targets', MAX_TARGETS);
  const tags = input.Tags ?? {};
  checkTags(tags);
  return {
    scope: place, ...refOf(input), MinCapacity: input.MinCapacity, MaxCapacity: input.MaxCapacity, RoleARN: input.RoleARN ?? ecsServiceLinkedRole(place),
    CreationTime: ctx.now.toISOString(), SuspendedState: { ...NOT_SUSPENDED, ...input.SuspendedState }, ScalableTargetARN: scalableTargetArn(place, hexId(18)),
    tags, cooldown: {},
  };
}

function updated(existing: TargetDoc, input: RegisterScalableTargetRequest): TargetDoc {
  if (Object.keys(input.Tags ?? {}).length > 0) throw aasErrors.tagsOnExisting();
  return {
    ...existing, MinCapacity: input.MinCapacity ?? existing.MinCapacity, MaxCapacity: input.MaxCapacity ?? existing.MaxCapacity,
    RoleARN: input.RoleARN ?? existing.RoleARN, SuspendedState: { ...existing.SuspendedState, ...input.SuspendedState },
  };
}

export function targetOps(deps: AasDeps): Pick<TypedHandlers<Operations>, 'RegisterScalableTarget' | 'DeregisterScalableTarget' | 'DescribeScalableTargets'> {
  return {
    RegisterScalableTarget: (input, ctx) => {
      checkRegistration(input);
      return deps.store.transact((tx) => {
        const id = targetId(scope(ctx), input);
        const existing = tx.get<TargetDoc>(KIND.target, id)?.doc;
        const doc = existing ? updated(existing, input) : created(deps, tx, input, ctx);
        if (doc.MinCapacity > doc.MaxCapacity) throw aasErrors.minAboveMax();
        tx.put<TargetDoc>(KIND.target, id, doc);
        if (input.MinCapacity !== undefined || input.MaxCapacity !== undefined) deps.capacity.settle(tx, doc, ctx.now);
        return { ScalableTargetARN: doc.ScalableTargetARN };
      });
    },
    DeregisterScalableTarget: (input, ctx) =>
      deps.store.transact((tx) => {
        removeTarget(tx, registeredTarget(tx, scope(ctx), refOf(input)), deps.alarms);
        return {};
      }),
    DescribeScalableTargets: (input, ctx) => {
      if (input.ScalableDimension !== undefined && input.ScalableDimension.split(':')[0] !== input.ServiceNamespace) throw aasErrors.unsupported();
      const limit = pageSize(input.MaxResults, PAGE_MAX);
      const wanted = input.ResourceIds && input.ResourceIds.length > 0 ? new Set(input.ResourceIds) : undefined;
      const targets = deps.store
        .list<TargetDoc>(KIND.target, { prefix: namespacePrefix(scope(ctx), input.ServiceNamespace) })
        .filter((r) => (!wanted || wanted.has(r.doc.ResourceId)) && (input.ScalableDimension === undefined || r.doc.ScalableDimension === input.ScalableDimension));
      const page = pageOf(targets, (r) => r.id, input.NextToken, limit);
      return { ScalableTargets: page.items.map((r) => targetView(r.doc)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
  };
}
