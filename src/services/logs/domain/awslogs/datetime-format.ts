/**
 * `awslogs-datetime-format`: Python strftime codes turned into the regular expression that
 * starts a multi-line event, with Docker's table (daemon/logger/awslogs: strftimeToRegex).
 * Like Docker, a code it does not know becomes nothing and the result is searched anywhere in
 * a line (not anchored). Unlike Docker, the text between codes is escaped, so `.` or `[` in a
 * format are themselves and never build a regular expression out of a caller's text.
 */
const CODES: Record<string, string> = {
  a: '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)',
  A: '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)',
  w: '[0-6]',
  d: '(?:0[1-9]|[1,2][0-9]|3[0,1])',
  b: '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)',
  B: '(?:January|February|March|April|May|June|July|August|September|October|November|December)',
  m: '(?:0[1-9]|1[0-2])',
  Y: '\\d{4}',
  y: '\\d{2}',
  H: '(?:[0,1][0-9]|2[0-3])',
  I: '(?:0[0-9]|1[0-2])',
  p: '[A,P]M',
  M: '[0-5][0-9]',
  S: '[0-5][0-9]',
  f: '\\d{6}',
  z: '[+-]\\d{4}',
  Z: '[A-Z]{1,4}T',
  j: '(?:0[0-9][1-9]|[1,2][0-9][0-9]|3[0-5][0-9]|36[0-6])',
  L: '\\.\\d{3}',
};

const escape = (c: string) => (/[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c);

/** The regular expression source for a datetime format. */
export function datetimeFormatSource(format: string): string {
  let source = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '%' && i + 1 < format.length) {
      source += CODES[format[++i]] ?? '';
    } else {
      source += escape(format[i]);
    }
  }
  return source;
}
