/** Step 8: the service's handler. */
import { callHandler } from '../service.js';
import { Exchange } from './exchange.js';

export async function handle(x: Exchange): Promise<void> {
  x.output = await callHandler(x.service!.handlers[x.operation!]!, x.input, x.ctx!);
}
