/** The Secrets Manager service: model, JSON 1.1 protocol and handlers, each typed by its operation's contract. Missing operations answer 501. */
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { Operations } from '../../../protocol/generated/secretsmanager.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { SmDeps } from './context.js';
import { listingOps } from './listing.js';
import { policyOps } from './policies.js';
import { rotationOps } from './rotation.js';
import { secretOps } from './secrets.js';
import { secretsManagerCallScope } from './secretsmanager-scope.js';
import { tagOps } from './tags.js';
import { valueOps } from './values.js';

export function secretsManagerHandlers(deps: SmDeps): TypedHandlers<Operations> {
  return {
    ...secretOps(deps),
    ...valueOps(deps),
    ...listingOps(deps),
    ...tagOps(deps),
    ...policyOps(deps),
    ...rotationOps(deps),
  };
}

export function secretsManagerService(deps: SmDeps): ServiceDefinition {
  return {
    name: 'secretsmanager',
    model: loadModel('secretsmanager'),
    protocols: [new JsonProtocol('ValidationException')],
    handlers: secretsManagerHandlers(deps),
    authorization: secretsManagerCallScope(deps.store),
  };
}
