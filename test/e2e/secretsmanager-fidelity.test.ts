/**
 * Fidelity: replays the AWS CLI's documented Secrets Manager examples (real AWS outputs,
 * shipped with the awscli package) against a running Berth and measures the share of the
 * key paths of AWS's output that Berth's answer to the equivalent call also has. The floor
 * is what Berth achieves, so a lost key fails the test. AWSCLI_EXAMPLES_DIRS names other
 * example roots, as for the other fidelity tests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exampleDirs, loadExamples } from '../support/aws-cli-examples.js';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { replayExample } from '../support/fidelity-replay.js';
import { fidelityReport, Outcome, overallShare } from '../support/fidelity-report.js';
import { SCENARIOS, SKIPPED, SmFixtures } from './secretsmanager-fidelity-scenarios.js';

/** The share of AWS's keys Berth's responses must keep: what it achieves, so any key lost fails. */
const FLOOR = 1;

describe('Secrets Manager fidelity: the AWS CLI examples replayed', () => {
  let berth: RunningBerth;
  let fixtures: SmFixtures;
  const dirs = exampleDirs('secretsmanager');

  before(async () => {
    berth = await startBerthProcess();
    fixtures = new SmFixtures(berth.endpoint);
  });
  after(async () => berth?.destroy());

  it('finds the examples of an installed awscli', () => {
    assert.ok(dirs.length > 0, 'no awscli examples found; the setup script installs Debian awscli');
  });

  for (const dir of dirs) {
    it(`answers with at least ${FLOOR * 100}% of the keys AWS recorded in ${dir}`, async () => {
      const outcomes: Outcome[] = [];
      for (const ex of loadExamples(dir)) outcomes.push(await replayExample(fixtures, ex, SCENARIOS, SKIPPED));
      console.log(fidelityReport(dir, outcomes));
      const failed = outcomes.flatMap((o) => (o.kind === 'failed' || o.kind === 'unmapped' ? [`${o.ex.file} example ${o.ex.index}: ${o.reason}`] : []));
      assert.deepEqual(failed, [], 'every example is replayed or skipped with a reason');
      const { have, total } = overallShare(outcomes);
      assert.ok(total > 0 && have / total >= FLOOR, `Berth has ${have} of AWS's ${total} keys`);
    });
  }
});
