/** Quoting for HAProxy's configuration language and ALB's wildcard patterns as regexes. */

/** A single-quoted word: nothing inside is interpreted; quotes and line breaks are spliced in from outside. */
export function quote(text: string): string {
  let out = "'";
  for (const c of text) {
    if (c === "'") out += `'\\''`;
    else if (c === '\n') out += `'"\\n"'`;
    else if (c === '\r') out += `'"\\r"'`;
    else out += c;
  }
  return out + "'";
}

/** A double-quoted log-format string with literal text escaped (%, ", \, $). */
export function logFormat(parts: { literal?: string; expr?: string }[]): string {
  const body = parts.map((p) => (p.expr !== undefined ? p.expr : p.literal!.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/%/g, '%%'))).join('');
  return `"${body}"`;
}

/** ALB wildcards: * is any run of characters (within `any`), ? one character; everything else literal. */
export function wildcardRegex(pattern: string, any = '.*'): string {
  let out = '';
  for (const c of pattern) {
    if (c === '*') out += any;
    else if (c === '?') out += any === '.*' ? '.' : '[^&]';
    else out += /[\\^$.|+()[\]{}]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/** "200", "200-299", "200,302" as an anchored regex over the status code. */
export function statusRegex(httpCode: string): string {
  const codes: string[] = [];
  for (const part of httpCode.split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    for (let c = from; c <= to; c++) codes.push(String(c));
  }
  return `^(${codes.join('|')})$`;
}
