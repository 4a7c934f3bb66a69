/**
 * The JSON CloudWatch writes into StateReasonData and HistoryData comes from Java: doubles
 * keep their ".0" ("threshold":70.0) while integers stay integers ("period":300). Values
 * are marked: `double(v)` for doubles, `raw(text)` for JSON already written (a state's
 * reason data inside history data); members that are undefined are left out.
 */
import { formatNumber } from './numbers.js';

class JavaDouble {
  constructor(readonly value: number) {}
}

class RawJson {
  constructor(readonly text: string) {}
}

export const double = (v: number) => new JavaDouble(v);
export const raw = (text: string) => new RawJson(text);

export function javaJson(value: unknown): string {
  if (value instanceof JavaDouble) return Number.isFinite(value.value) ? formatNumber(value.value) : 'null';
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(javaJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${javaJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
