/** Step 1: which service, from the headers alone (X-Amz-Target, else the SigV4 scope's service). */
import { signingScope } from '../sigv4.js';
import { Env, Exchange } from './exchange.js';

export function route(x: Exchange, env: Env): void {
  const target = x.wire.headers['x-amz-target'];
  const byTarget = typeof target === 'string' ? env.byTarget.get(target.slice(0, target.lastIndexOf('.'))) : undefined;
  const scope = byTarget ? undefined : signingScope({ ...x.wire, payloadHash: '' });
  x.service = byTarget ?? (scope ? env.bySigningName.get(scope.service) : undefined);
  // The query protocol may only find its framing in the body; the body step picks again.
  x.protocol = x.service?.protocols.find((p) => p.accepts(x.wire)) ?? x.service?.protocols[0];
}
