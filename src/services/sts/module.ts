/** The STS module: the API only (no state, no controllers). */
import { rootPrincipal } from '../../iam/principal.js';
import { ModuleDefinition } from '../../module.js';
import { loadModel } from '../../protocol/model.js';
import { QueryProtocol } from '../../protocol/query-protocol.js';
import { stsHandlers } from './api/handlers.js';

export const stsModule: ModuleDefinition = {
  name: 'sts',
  build: async () => {
    const handlers = stsHandlers({ principalOf: (ctx) => rootPrincipal(ctx.accessKeyId, ctx.accountId) });
    return { name: 'sts', services: [{ name: 'sts', model: loadModel('sts'), protocols: [new QueryProtocol('ValidationError')], handlers }] };
  },
};
