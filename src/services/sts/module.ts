/** The STS module: the API only; temporary credentials live in the IAM directory when IAM is loaded. */
import { rootPrincipal } from '../../iam/principal.js';
import { ModuleDefinition } from '../../module.js';
import { loadModel } from '../../protocol/model.js';
import { QueryProtocol } from '../../protocol/query-protocol.js';
import { stsHandlers } from './api/handlers.js';
import { stsCallScope } from './api/scope.js';

export const stsModule: ModuleDefinition = {
  name: 'sts',
  requires: { iamDirectory: 'optional' },
  build: async (_ctx, { iamDirectory }) => {
    const handlers = stsHandlers({
      directory: iamDirectory,
      principalOf: (ctx) => iamDirectory?.credentialFor(ctx.accessKeyId)?.principal ?? rootPrincipal(ctx.accessKeyId, ctx.accountId),
    });
    const authorization = iamDirectory ? stsCallScope(iamDirectory) : undefined;
    return { name: 'sts', services: [{ name: 'sts', model: loadModel('sts'), protocols: [new QueryProtocol('ValidationError')], handlers, authorization }] };
  },
};
