/**
 * The ECS service: its model, protocol and operation handlers. Operations missing here
 * answer 501 naming the operation (the gateway does that).
 */
import { Operations } from '../../../protocol/generated/ecs.js';
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { TypedHandlers, ServiceDefinition } from '../../../protocol/service.js';
import { defineEcsIndexes } from '../domain/task-index.js';
import { makeAccountSettingOps } from './account-settings.js';
import { makeClusterOps } from './clusters.js';
import { makeContainerInstanceOps } from './container-instances.js';
import { makeInstanceRegistrationOps } from './container-instance-registration.js';
import { makeAttributeOps } from './attributes.js';
import { EcsDeps } from './context.js';
import { makeTagOps } from './tag-ops.js';
import { makeTaskDefinitionOps } from './task-definitions.js';
import { makeTaskOps } from './tasks.js';
import { makeServiceOps } from './services.js';
import { makeServiceDeploymentOps } from './service-deployments.js';
import { makeCapacityProviderOps } from './capacity-providers.js';
import { ecsCallScope } from './iam-scope.js';

export function ecsService(deps: EcsDeps): ServiceDefinition {
  defineEcsIndexes(deps.store);
  const handlers: TypedHandlers<Operations> = {
    ...makeClusterOps(deps),
    ...makeTaskDefinitionOps(deps),
    ...makeTaskOps(deps),
    ...makeServiceOps(deps),
    ...makeServiceDeploymentOps(deps),
    ...makeContainerInstanceOps(deps),
    ...makeInstanceRegistrationOps(deps),
    ...makeAttributeOps(deps),
    ...makeTagOps(deps),
    ...makeAccountSettingOps(deps),
    ...makeCapacityProviderOps(deps),
  };
  return { name: 'ecs', model: loadModel('ecs'), protocols: [new JsonProtocol('InvalidParameterException')], handlers, authorization: ecsCallScope };
}
