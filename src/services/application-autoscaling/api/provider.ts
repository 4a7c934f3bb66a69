/**
 * The Application Auto Scaling service: model, JSON 1.1 (target prefix
 * AnyScaleFrontendService, signing name and IAM prefix `application-autoscaling`), handlers
 * typed by their contracts. GetPredictiveScalingForecast answers 501.
 */
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { Operations } from '../../../protocol/generated/application-autoscaling.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { activityOps } from './activities.js';
import { AasDeps } from './context.js';
import { aasCallScope } from './iam-scope.js';
import { policyOps } from './policies.js';
import { scheduledActionOps } from './scheduled-actions.js';
import { tagOps } from './tags.js';
import { targetOps } from './targets.js';

export function aasHandlers(deps: AasDeps): TypedHandlers<Operations> {
  return { ...targetOps(deps), ...policyOps(deps), ...scheduledActionOps(deps), ...activityOps(deps), ...tagOps(deps) };
}

export function aasService(deps: AasDeps): ServiceDefinition {
  return {
    name: 'application-autoscaling',
    model: loadModel('application-autoscaling'),
    protocols: [new JsonProtocol('ValidationException')],
    handlers: aasHandlers(deps),
    authorization: aasCallScope(deps.store),
  };
}
