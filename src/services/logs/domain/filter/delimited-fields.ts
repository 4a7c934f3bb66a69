/**
 * A log event cut into fields as space-delimited filter patterns see it: fields are separated
 * by runs of whitespace, and text between a pair of double quotes or square brackets is one
 * field, given without them (`"GET /index.html HTTP/1.0"` → `GET /index.html HTTP/1.0`). An
 * opening quote or bracket without its closer is an ordinary character. One pass over the event.
 */

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

const CLOSER: Record<string, string> = { '"': '"', '[': ']' };

export function splitFields(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < message.length) {
    if (isSpace(message[i])) {
      i++;
      continue;
    }
    const closer = CLOSER[message[i]];
    const close = closer ? message.indexOf(closer, i + 1) : -1;
    if (close >= 0) {
      fields.push(message.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    let end = i + 1;
    while (end < message.length && !isSpace(message[end])) end++;
    fields.push(message.slice(i, end));
    i = end;
  }
  return fields;
}
