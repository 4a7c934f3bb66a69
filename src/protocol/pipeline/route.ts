/**
 * Step 1: which service, from the headers and path alone: X-Amz-Target, else the Smithy RPC
 * v2 path (`/service/<target prefix>/operation/…`), else the SigV4 scope's service.
 */
import { RPC_V2_PATH } from '../cbor-protocol.js';
import { signingScope } from '../sigv4.js';
import { Env, Exchange } from './exchange.js';

export function route(x: Exchange, env: Env): void {
  const target = x.wire.headers['x-amz-target'];
  const byTarget = typeof target === 'string' ? env.byTarget.get(target.slice(0, target.lastIndexOf('.'))) : undefined;
  const rpcService = byTarget ? undefined : RPC_V2_PATH.exec(x.wire.path)?.[1];
  const byPath = rpcService !== undefined ? env.byTarget.get(rpcService) : undefined;
  const scope = byTarget || byPath ? undefined : signingScope({ ...x.wire, payloadHash: '' });
  x.service = byTarget ?? byPath ?? (scope ? env.bySigningName.get(scope.service) : undefined);
  // The query protocol may only find its framing in the body; the body step picks again.
  x.protocol = x.service?.protocols.find((p) => p.accepts(x.wire)) ?? x.service?.protocols[0];
}
