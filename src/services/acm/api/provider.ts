/** The ACM service: model, JSON 1.1 protocol and handlers, each typed by its operation's contract. Missing operations answer 501. */
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { Operations } from '../../../protocol/generated/acm.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { certificateOps } from './certificates.js';
import { AcmDeps } from './context.js';
import { acmCallScope } from './iam-scope.js';
import { importOps } from './imports.js';
import { listingOps } from './listing.js';
import { requestOps } from './requests.js';
import { tagOps } from './tags.js';

export function acmHandlers(deps: AcmDeps): TypedHandlers<Operations> {
  return { ...importOps(deps), ...requestOps(deps), ...certificateOps(deps), ...listingOps(deps), ...tagOps(deps) };
}

export function acmService(deps: AcmDeps): ServiceDefinition {
  return {
    name: 'acm',
    model: loadModel('acm'),
    protocols: [new JsonProtocol('ValidationException')],
    handlers: acmHandlers(deps),
    authorization: acmCallScope,
  };
}
