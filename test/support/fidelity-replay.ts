/**
 * Replaying one recorded AWS CLI example: skip it with a reason, or run the service's
 * scenario for it and compare the key paths of AWS's output with Berth's answer. Each
 * service's fidelity test supplies its fixtures, scenarios and skips.
 */
import { CliExample, compareKeys } from './aws-cli-examples.js';
import { Outcome } from './fidelity-report.js';

export interface ReplayScenario<F> {
  file: string;
  /** Tested on the example's title and command; absent: every example of the file. */
  match?: RegExp;
  /** AWS keys that stem from a feature the replay substitutes, and why. */
  exclude?: { paths: RegExp; reason: string };
  /** How the replay differs from the example's command, when it does. */
  note?: string;
  run(f: F, ex: CliExample): Promise<unknown>;
}

export interface Skip { file: string; match?: RegExp; reason: string }

export const matches = (entry: { file: string; match?: RegExp }, ex: CliExample) =>
  entry.file === ex.file && (!entry.match || entry.match.test(`${ex.title}\n${ex.command}`));

export async function replayExample<F>(f: F, ex: CliExample, scenarios: ReplayScenario<F>[], skips: Skip[] = []): Promise<Outcome> {
  if (ex.error) return { ex, kind: 'unreadable', reason: `the recorded output is not JSON: ${ex.error}` };
  const skip = skips.find((s) => matches(s, ex));
  if (skip) return { ex, kind: 'skipped', reason: `Berth lacks ${skip.reason}` };
  const scenario = scenarios.find((s) => matches(s, ex));
  if (!scenario) return { ex, kind: 'unmapped', reason: `no replay for: ${ex.command || ex.title}` };
  try {
    const answer = await scenario.run(f, ex);
    return { ex, kind: 'compared', keys: compareKeys(ex.output, answer, scenario.exclude?.paths), note: scenario.note, excludedBecause: scenario.exclude?.reason };
  } catch (e) {
    return { ex, kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
}
