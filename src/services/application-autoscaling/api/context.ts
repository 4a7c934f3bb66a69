/** What Application Auto Scaling's handlers need, and the helpers they share. */
import { Scope, scopeOf } from '../../../platform/aws/scope.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx, Store, StoredRecord } from '../../../state/store.js';
import { AlarmService } from '../../cloudwatch/domain/ports.js';
import { ServiceScaler } from '../../ecs/domain/ports.js';
import { aasErrors } from '../domain/errors.js';
import { KIND, TargetDoc, targetId, TargetRef } from '../domain/records.js';
import { ServiceCapacity } from '../domain/scaling.js';
import { targetRefProblem } from '../domain/validation.js';

export interface AasDeps {
  store: Store;
  /** ECS, when it runs: whether a service exists (RegisterScalableTarget). */
  scaler?: ServiceScaler;
  /** Desired-count changes and their activities. */
  capacity: ServiceCapacity;
  /** CloudWatch, when it runs: the alarms of target tracking policies. */
  alarms?: AlarmService;
  /** CloudWatch's minute in seconds (60 unless shortened to compress time): the period of target tracking alarms. */
  minuteSeconds?: number;
}

export const scope = (ctx: RequestContext): Scope => scopeOf(ctx);

/** The three members every target-scoped request carries, as a reference. */
export function refOf(input: TargetRef): TargetRef {
  return { ServiceNamespace: input.ServiceNamespace, ResourceId: input.ResourceId, ScalableDimension: input.ScalableDimension };
}

/** The registered target a request names: ValidationException for a malformed reference, ObjectNotFoundException for none. */
export function registeredTarget(tx: ReadTx, place: Scope, ref: TargetRef): StoredRecord<TargetDoc> {
  const problem = targetRefProblem(ref);
  if (problem) throw problem;
  const record = tx.get<TargetDoc>(KIND.target, targetId(place, ref));
  if (!record) throw aasErrors.targetNotFound(ref);
  return record;
}
