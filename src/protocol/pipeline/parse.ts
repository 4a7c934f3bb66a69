/** Step 6: the input, read and validated against the model (budgets, quotas, types, constraints). */
import { Exchange } from './exchange.js';

export function parse(x: Exchange): void {
  x.input = x.protocol!.parseInput(x.wire, x.service!.model, x.operation!);
}
