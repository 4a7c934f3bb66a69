/**
 * The request pipeline, as a declared list: each step is one file and may end the request
 * early with a reply; whatever a step throws is answered by `serializeError`.
 */
import { EventStreamOutput } from '../event-stream-output.js';
import { authenticate, authenticateHeaders } from './authenticate.js';
import { authorize } from './authorize.js';
import { body } from './body.js';
import { Env, Exchange, Reply, Step } from './exchange.js';
import { handle } from './handle.js';
import { parse } from './parse.js';
import { resolveOperation } from './resolve-operation.js';
import { route } from './route.js';
import { serialize, serializeError, serializeStream } from './serialize.js';

export const STEPS: ReadonlyArray<readonly [name: string, step: Step]> = [
  ['route', route],
  ['authenticate headers', authenticateHeaders],
  ['read body', body],
  ['authenticate', authenticate],
  ['resolve operation', resolveOperation],
  ['parse and validate', parse],
  ['authorize', authorize],
  ['handle', handle],
];

export async function runPipeline(x: Exchange, env: Env): Promise<Reply> {
  try {
    for (const [, step] of STEPS) {
      const outcome = step(x, env);
      // Most steps are synchronous: awaiting only promises saves a microtask hop per step.
      const reply = outcome instanceof Promise ? await outcome : outcome;
      if (reply) return reply;
    }
    return x.output instanceof EventStreamOutput ? serializeStream(x, env, x.output) : { response: serialize(x) };
  } catch (err) {
    return { response: serializeError(x, env, err) };
  }
}
