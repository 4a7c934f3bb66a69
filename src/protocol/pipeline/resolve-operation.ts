/** Step 5: the operation the protocol names, its handler, and the handler's request context. */
import { ServiceError } from '../errors.js';
import { Env, Exchange } from './exchange.js';

export function resolveOperation(x: Exchange, env: Env): void {
  const { model } = x.service!;
  const operation = x.protocol!.operationName(x.wire, model);
  if (!operation || !model.operations[operation]) throw new ServiceError('UnknownOperationException', '', 400);
  x.operation = operation;
  if (!x.service!.handlers[operation]) {
    throw new ServiceError('NotImplemented', `Berth does not implement ${model.metadata.serviceId} operation ${operation} yet.`, 501);
  }
  x.ctx = { requestId: x.requestId, region: x.identity!.region, accountId: env.accountId, accessKeyId: x.identity!.accessKeyId, now: env.now() };
}
