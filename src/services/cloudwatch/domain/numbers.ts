/**
 * How CloudWatch writes numbers and times in its texts (state reasons, history data,
 * dynamic labels): numbers as Java's Double.toString ("70.0", "0.5", "1.0E7", "1.5E-4"),
 * times in reasons as "dd/MM/yy HH:mm:ss" and in JSON as "2014-04-09T18:59:06.419+0000",
 * all in UTC.
 */

/** Java's Double.toString: decimal from 10^-3 to 10^7 with at least one fraction digit, else d.dddE±n. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(v);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(v);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = v.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "30/11/26 12:01:00", as state reasons show a datapoint's time. */
export function reasonTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "2014-04-09T18:59:06.419+0000", as state reason data and history data write times. */
export function jsonTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}
