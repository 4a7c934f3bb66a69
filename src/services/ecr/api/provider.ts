/**
 * The ECR service: its model, protocol and operation handlers. Operations missing here
 * answer 501 naming the operation (the gateway does that).
 */
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { Operations } from '../../../protocol/generated/ecr.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { EcrDeps } from '../domain/context.js';
import { makeImageOps } from './images.js';
import { makeLayerOps } from './layers.js';
import { makePolicyOps } from './policies.js';
import { makeRegistryOps } from './registry-ops.js';
import { makeRepositoryOps } from './repositories.js';
import { makeTagOps } from './tags.js';
import { ecrCallScope } from './iam-scope.js';

/** `extra` adds the handlers the module wires itself (lifecycle previews, scans). */
export function ecrHandlers(deps: EcrDeps, extra: TypedHandlers<Operations>): TypedHandlers<Operations> {
  return {
    ...makeRepositoryOps(deps),
    ...makeImageOps(deps),
    ...makeLayerOps(deps),
    ...makePolicyOps(deps),
    ...makeRegistryOps(deps),
    ...makeTagOps(deps),
    ...extra,
  };
}

export function ecrService(deps: EcrDeps, extra: TypedHandlers<Operations>): ServiceDefinition {
  return { name: 'ecr', model: loadModel('ecr'), protocols: [new JsonProtocol('InvalidParameterException')], handlers: ecrHandlers(deps, extra), authorization: ecrCallScope(deps) };
}
