/**
 * The outcome of replaying recorded AWS examples, and its report: the share of AWS's
 * key paths that Berth's responses have, per operation and overall, and the details
 * behind it (missing keys, left-out keys, skipped examples).
 */
import { CliExample, KeyComparison } from './aws-cli-examples.js';

export type Outcome =
  | { ex: CliExample; kind: 'compared'; keys: KeyComparison; note?: string; excludedBecause?: string }
  | { ex: CliExample; kind: 'skipped' | 'unmapped' | 'unreadable' | 'failed'; reason: string };

const label = (ex: CliExample) => `${ex.file.replace(/\.rst$/, '')} example ${ex.index}`;
const percent = (have: number, total: number) => (total === 0 ? '-' : `${((100 * have) / total).toFixed(1)}%`);

export interface Share { have: number; total: number }

export function overallShare(outcomes: Outcome[]): Share {
  let have = 0;
  let total = 0;
  for (const o of outcomes) {
    if (o.kind !== 'compared') continue;
    total += o.keys.total;
    have += o.keys.total - o.keys.missing.length;
  }
  return { have, total };
}

function perOperation(outcomes: Outcome[]): string[] {
  const byOp = new Map<string, Outcome[]>();
  for (const o of outcomes) if (o.kind === 'compared') byOp.set(o.ex.file.replace(/\.rst$/, ''), [...(byOp.get(o.ex.file.replace(/\.rst$/, '')) ?? []), o]);
  const rows = [...byOp.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([op, list]) => {
    const { have, total } = overallShare(list);
    return `| ${op} | ${list.length} | ${total} | ${have} | ${percent(have, total)} |`;
  });
  const all = overallShare(outcomes);
  const compared = outcomes.filter((o) => o.kind === 'compared').length;
  return [
    '| operation | examples | AWS keys | Berth has | share |', '| --- | --- | --- | --- | --- |',
    ...rows, `| **all** | ${compared} | ${all.total} | ${all.have} | **${percent(all.have, all.total)}** |`,
  ];
}

function details(outcomes: Outcome[]): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.kind !== 'compared') continue;
    if (o.keys.missing.length) lines.push(`missing  ${label(o.ex)}: ${o.keys.missing.join(', ')}`);
    if (o.keys.excluded) lines.push(`left out ${label(o.ex)}: ${o.keys.excluded} keys (${o.excludedBecause})`);
    if (o.note) lines.push(`note     ${label(o.ex)}: ${o.note}`);
  }
  for (const o of outcomes) if (o.kind !== 'compared') lines.push(`${o.kind.padEnd(8)} ${label(o.ex)}: ${o.reason}`);
  return lines;
}

export function fidelityReport(source: string, outcomes: Outcome[]): string {
  return [`Fidelity against ${source}`, '', ...perOperation(outcomes), '', ...details(outcomes)].join('\n');
}
