/**
 * How much structure one request body may carry before Berth parses it. A body at the
 * edge's size cap can hold hundreds of thousands of tiny elements (or nesting a million
 * deep), and parsing those would hold the event loop for hundreds of milliseconds to
 * seconds; no AWS request needs a fraction of that. The count is a native byte scan that
 * stops at the budget, so refusing costs a few milliseconds at most.
 */
import { clientError } from './errors.js';

/** awsQuery parameters ("&"-separated pairs): RegisterTargets at AWS's 1,000-target quota uses ~3,000. */
export const MAX_QUERY_PARAMETERS = 20_000;
/** JSON array elements, object members and nesting ("," "[" "{"): a 64 KiB task definition uses a few thousand. */
export const MAX_JSON_ELEMENTS = 100_000;

const AMP = 0x26;
const JSON_STRUCTURE = [0x2c, 0x5b, 0x7b];

/** Occurrences of any of `bytes` in `text`, counting no further than `limit + 1`. */
export function countBytes(text: Buffer, bytes: number[], limit: number): number {
  let n = 0;
  for (const b of bytes) {
    for (let i = text.indexOf(b); i >= 0 && n <= limit; i = text.indexOf(b, i + 1)) n++;
    if (n > limit) break;
  }
  return n;
}

export function checkQueryBudget(text: Buffer, validationErrorCode: string): void {
  if (countBytes(text, [AMP], MAX_QUERY_PARAMETERS) + 1 > MAX_QUERY_PARAMETERS) {
    throw clientError(validationErrorCode, `Berth accepts at most ${MAX_QUERY_PARAMETERS} parameters per request.`);
  }
}

export function checkJsonBudget(text: Buffer): void {
  if (countBytes(text, JSON_STRUCTURE, MAX_JSON_ELEMENTS) > MAX_JSON_ELEMENTS) {
    throw clientError('SerializationException', `Berth accepts at most ${MAX_JSON_ELEMENTS} JSON elements per request.`);
  }
}
