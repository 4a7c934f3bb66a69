/**
 * The fidelity suite every service shares: replay the AWS CLI's documented examples (real
 * AWS outputs, shipped with the awscli package; AWSCLI_EXAMPLES_DIRS names other roots)
 * against a running Berth and require the share of AWS's output keys Berth also returns to
 * stay at or above the floor (what Berth achieves, so a lost key fails). Every example is
 * replayed or skipped with a reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exampleDirs, loadExamples } from './aws-cli-examples.js';
import { RunningBerth } from './berth-process.js';
import { replayExample, ReplayScenario, Skip } from './fidelity-replay.js';
import { fidelityReport, Outcome, overallShare } from './fidelity-report.js';

export interface FidelitySuite<F> {
  /** As the suite's title names it, e.g. "ECS". */
  title: string;
  /** The awscli examples folder: ecs, elbv2, iam… */
  examples: string;
  floor: number;
  /** Starts the Berth the examples run against, and the fixtures the scenarios use. */
  start(): Promise<{ berth: RunningBerth; fixtures: F }>;
  scenarios: ReplayScenario<F>[];
  skipped?: Skip[];
  /** The example files that belong to what Berth serves of the service (SSM: the parameter ones). */
  only?: RegExp;
}

export function fidelitySuite<F>(suite: FidelitySuite<F>): void {
  describe(`${suite.title} fidelity: the AWS CLI examples replayed`, () => {
    let started: { berth: RunningBerth; fixtures: F } | undefined;
    const dirs = exampleDirs(suite.examples);

    before(async () => (started = await suite.start()));
    after(async () => started?.berth.destroy());

    it('finds the examples of an installed awscli', () => {
      assert.ok(dirs.length > 0, 'no awscli examples found; the setup script installs Debian awscli');
    });

    for (const dir of dirs) {
      it(`answers with at least ${suite.floor * 100}% of the keys AWS recorded in ${dir}`, async () => {
        const outcomes: Outcome[] = [];
        for (const ex of loadExamples(dir).filter((e) => !suite.only || suite.only.test(e.file))) outcomes.push(await replayExample(started!.fixtures, ex, suite.scenarios, suite.skipped));
        console.log(fidelityReport(dir, outcomes));
        const failed = outcomes.flatMap((o) => (o.kind === 'failed' || o.kind === 'unmapped' ? [`${o.ex.file} example ${o.ex.index}: ${o.reason}`] : []));
        assert.deepEqual(failed, [], 'every example is replayed or skipped with a reason');
        const { have, total } = overallShare(outcomes);
        assert.ok(total > 0 && have / total >= suite.floor, `Berth has ${have} of AWS's ${total} keys`);
      });
    }
  });
}
