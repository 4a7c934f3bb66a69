/**
 * PutScalingPolicy, DescribeScalingPolicies, DeleteScalingPolicy. A policy is named within
 * its target; putting it again replaces its configuration and keeps its ARN and creation
 * time. A target tracking policy gets its CloudWatch alarms from the `alarms` port (kept
 * under the same names across updates; the low one goes when scale-in is disabled); without
 * CloudWatch it has none and never acts. Step scaling policies act through alarms the user
 * makes with the policy ARN as an action; DescribeScalingPolicies lists those alarms, as
 * AWS does, from CloudWatch. Predictive scaling is not Berth's.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { uuid } from '../../../platform/ids.js';
import { ServiceError } from '../../../protocol/errors.js';
import { Alarm, Operations, PutScalingPolicyRequest } from '../../../protocol/generated/application-autoscaling.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { aasErrors, validation } from '../domain/errors.js';
import { AlarmKind, alarmArn, ecsServiceOf, policyArn, trackingAlarmName } from '../domain/names.js';
import { deletePolicy, policiesOf } from '../domain/policies.js';
import { childId, KIND, namespacePrefix, PolicyDoc, PolicyType, TargetDoc, targetId } from '../domain/records.js';
import { stepConfigProblem } from '../domain/step-scaling.js';
import { trackingAlarms, trackingConfigProblem } from '../domain/target-tracking.js';
import { pageSize, targetRefProblem } from '../domain/validation.js';
import { AasDeps, refOf, registeredTarget, scope } from './context.js';
import { pageOf } from './paging.js';
import { policyView } from './views.js';

/** AWS's quota of scaling policies per scalable target. */
export const MAX_POLICIES = 50;
const PAGE_MAX = 10;

/** The policy's type (StepScaling when not given); a ValidationException when it or its configuration is refused. */
function checkPolicy(input: PutScalingPolicyRequest): PolicyType {
  const type = input.PolicyType ?? 'StepScaling';
  if (type === 'PredictiveScaling') throw validation('Berth does not perform predictive scaling: PolicyType PredictiveScaling is not supported');
  const step = input.StepScalingPolicyConfiguration;
  const tracking = input.TargetTrackingScalingPolicyConfiguration;
  if (type === 'StepScaling' && (!step || tracking)) throw validation('A StepScaling policy requires a StepScalingPolicyConfiguration and no TargetTrackingScalingPolicyConfiguration');
  if (type === 'TargetTrackingScaling' && (!tracking || step)) {
    throw validation('A TargetTrackingScaling policy requires a TargetTrackingScalingPolicyConfiguration and no StepScalingPolicyConfiguration');
  }
  const problem = type === 'StepScaling' ? stepConfigProblem(step!) : trackingConfigProblem(tracking!);
  if (problem) throw validation(problem);
  return type;
}

export function policyOps(deps: AasDeps): Pick<TypedHandlers<Operations>, 'PutScalingPolicy' | 'DescribeScalingPolicies' | 'DeleteScalingPolicy'> {
  return {
    PutScalingPolicy: (input, ctx) => deps.store.transact((tx) => putPolicy(deps, tx, input, ctx)),
    DescribeScalingPolicies: (input, ctx) => {
      const limit = pageSize(input.MaxResults, PAGE_MAX);
      const names = input.PolicyNames && input.PolicyNames.length > 0 ? new Set(input.PolicyNames) : undefined;
      const policies = deps.store.list<PolicyDoc>(KIND.policy, { prefix: namespacePrefix(scope(ctx), input.ServiceNamespace) }).filter(({ doc }) =>
        (!names || names.has(doc.PolicyName)) && (input.ResourceId === undefined || doc.ResourceId === input.ResourceId)
        && (input.ScalableDimension === undefined || doc.ScalableDimension === input.ScalableDimension));
      const page = pageOf(policies, (r) => r.id, input.NextToken, limit);
      const stepAlarms = userAlarms(deps, scope(ctx), page.items.map((r) => r.doc));
      return { ScalingPolicies: page.items.map((r) => policyView(r.doc, stepAlarms.get(r.doc.PolicyARN))), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    DeleteScalingPolicy: (input, ctx) =>
      deps.store.transact((tx) => {
        const ref = refOf(input);
        const problem = targetRefProblem(ref);
        if (problem) throw problem;
        const record = tx.get<PolicyDoc>(KIND.policy, childId(targetId(scope(ctx), ref), input.PolicyName));
        if (!record) throw aasErrors.policyNotFound(ref, input.PolicyName);
        deletePolicy(tx, record, deps.alarms);
        return {};
      }),
  };
}

/** The alarms that name each step policy of a page as an action, by policy ARN. */
function userAlarms(deps: AasDeps, place: Scope, policies: PolicyDoc[]): Map<string, Alarm[]> {
  const arns = policies.filter((p) => p.PolicyType === 'StepScaling').map((p) => p.PolicyARN);
  return (arns.length > 0 && deps.alarms?.alarmsActingOn?.(place, arns)) || new Map();
}

function putPolicy(deps: AasDeps, tx: Tx, input: PutScalingPolicyRequest, ctx: RequestContext) {
  const place = scope(ctx);
  const target = registeredTarget(tx, place, refOf(input));
  const type = checkPolicy(input);
  const id = childId(target.id, input.PolicyName);
  const existing = tx.get<PolicyDoc>(KIND.policy, id)?.doc;
  if (!existing && policiesOf(tx, target.id).length >= MAX_POLICIES) throw aasErrors.limit('scaling policies for this scalable target', MAX_POLICIES);
  const policyId = existing?.policyId ?? uuid();
  const arn = existing?.PolicyARN ?? policyArn(place, policyId, target.doc, input.PolicyName);
  const doc: PolicyDoc = {
    scope: place, ...refOf(input), PolicyName: input.PolicyName, PolicyARN: arn, policyId, PolicyType: type,
    ...(type === 'StepScaling' ? { StepScalingPolicyConfiguration: input.StepScalingPolicyConfiguration } : {}),
    ...(type === 'TargetTrackingScaling' ? { TargetTrackingScalingPolicyConfiguration: input.TargetTrackingScalingPolicyConfiguration } : {}),
    Alarms: [], CreationTime: existing?.CreationTime ?? ctx.now.toISOString(),
  };
  if (type === 'TargetTrackingScaling') Object.assign(doc, trackingAlarmsFor(deps, target.doc, doc, existing));
  dropUnusedAlarms(deps, existing, doc);
  tx.put<PolicyDoc>(KIND.policy, id, doc);
  return { PolicyARN: arn, ...(type === 'TargetTrackingScaling' ? { Alarms: doc.Alarms } : {}) };
}

/** Puts the policy's alarms through CloudWatch; their names stay those of the previous version. */
function trackingAlarmsFor(deps: AasDeps, target: TargetDoc, doc: PolicyDoc, existing: PolicyDoc | undefined): Pick<PolicyDoc, 'Alarms' | 'alarmAction'> {
  if (!deps.alarms) return { Alarms: [] };
  const action = existing?.alarmAction ?? `${doc.PolicyARN}:createdBy/${uuid()}`;
  const nameOf = (kind: AlarmKind) =>
    existing?.Alarms.find((a) => a.AlarmName.startsWith(trackingAlarmName(target.ResourceId, kind, '')))?.AlarmName ?? trackingAlarmName(target.ResourceId, kind, uuid());
  const ecs = ecsServiceOf(target.ResourceId)!;
  const inputs = trackingAlarms({
    config: doc.TargetTrackingScalingPolicyConfiguration!, cluster: ecs.cluster, service: ecs.service, action,
    names: { AlarmHigh: nameOf('AlarmHigh'), AlarmLow: nameOf('AlarmLow') }, period: deps.minuteSeconds,
  });
  for (const alarm of inputs) {
    try {
      deps.alarms.putAlarm(doc.scope, alarm);
    } catch (e) {
      // CloudWatch refused the metric the policy names (a customized metric it cannot alarm on).
      if (e instanceof ServiceError) throw clientFailure(e);
      throw e;
    }
  }
  const alarms: Alarm[] = inputs.map((a) => ({ AlarmName: a.AlarmName, AlarmARN: alarmArn(doc.scope, a.AlarmName) }));
  return { Alarms: alarms, alarmAction: action };
}

function clientFailure(e: ServiceError): ServiceError {
  return new ServiceError('FailedResourceAccessException', `CloudWatch refused the policy's alarm: ${e.message}`, 400);
}

/** The previous version's alarms that this one no longer has (scale-in disabled, or no longer target tracking). */
function dropUnusedAlarms(deps: AasDeps, existing: PolicyDoc | undefined, doc: PolicyDoc): void {
  const kept = new Set(doc.Alarms.map((a) => a.AlarmName));
  const unused = (existing?.Alarms ?? []).map((a) => a.AlarmName).filter((name) => !kept.has(name));
  if (unused.length > 0) deps.alarms?.deleteAlarms(doc.scope, unused);
}
