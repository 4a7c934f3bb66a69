// CVSS base scores computed from vector strings (FIRST CVSS v3.1 and v2 specifications), so a
// finding can be bucketed when its advisory gives only a vector.

type Metrics = Record<string, string>;

function metrics(vector: string, prefix: RegExp): Metrics | undefined {
  const body = vector.trim().replace(prefix, '');
  const out: Metrics = {};
  for (const part of body.split('/')) {
    const [k, v] = part.split(':');
    if (!k || v === undefined) return undefined;
    out[k] = v;
  }
  return out;
}

const V3 = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

const pick = <T extends Record<string, number>>(table: T, key: string | undefined): number | undefined =>
  key !== undefined && key in table ? table[key as keyof T] : undefined;

/** CVSS v3.1 "Roundup": smallest one-decimal number ≥ x, robust to floating point. */
function roundUp(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** Base score of a `CVSS:3.x/AV:…` vector; undefined when a base metric is missing or invalid. */
export function cvss3BaseScore(vector: string): number | undefined {
  if (!/^CVSS:3\.[01]\//.test(vector.trim())) return undefined;
  const m = metrics(vector, /^CVSS:3\.[01]\//);
  if (!m) return undefined;
  const changed = m.S === 'C';
  if (m.S !== 'C' && m.S !== 'U') return undefined;
  const prTable = changed ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 };
  const values = [pick(V3.AV, m.AV), pick(V3.AC, m.AC), pick(prTable, m.PR), pick(V3.UI, m.UI), pick(V3.CIA, m.C), pick(V3.CIA, m.I), pick(V3.CIA, m.A)];
  if (values.some((v) => v === undefined)) return undefined;
  const [av, ac, pr, ui, c, i, a] = values as number[];
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
}

const V2 = {
  AV: { L: 0.395, A: 0.646, N: 1 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  CIA: { N: 0, P: 0.275, C: 0.66 },
} as const;

/** Base score of a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in parentheses). */
export function cvss2BaseScore(vector: string): number | undefined {
  const m = metrics(vector.replace(/[()]/g, ''), /^CVSS:2\.0\//);
  if (!m) return undefined;
  const values = [pick(V2.AV, m.AV), pick(V2.AC, m.AC), pick(V2.Au, m.Au), pick(V2.CIA, m.C), pick(V2.CIA, m.I), pick(V2.CIA, m.A)];
  if (values.some((v) => v === undefined)) return undefined;
  const [av, ac, au, c, i, a] = values as number[];
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const score = (0.6 * impact + 0.4 * exploitability - 1.5) * (impact === 0 ? 0 : 1.176);
  return Math.round(score * 10) / 10;
}

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | 'UNDEFINED';

/** NVD's qualitative rating for v3 scores (0 = None, reported as INFORMATIONAL). */
export function cvss3Severity(score: number): Severity {
  if (score === 0) return 'INFORMATIONAL';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

/** NVD's v2 rating: LOW < 4, MEDIUM < 7, HIGH otherwise (v2 has no CRITICAL). */
export function cvss2Severity(score: number): Severity {
  if (score < 4) return 'LOW';
  return score < 7 ? 'MEDIUM' : 'HIGH';
}
