/**
 * Fidelity: replays the AWS CLI's documented ECS examples (real AWS outputs, shipped with
 * the awscli package) against a running Berth and measures the share of the key paths
 * of AWS's output that Berth's answer to the equivalent call also has. The floor is what
 * Berth achieves, so a lost key fails the test. AWSCLI_EXAMPLES_DIRS names other example
 * roots (e.g. a newer pip awscli's `.../site-packages/awscli/examples`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exampleDirs, loadExamples } from '../support/aws-cli-examples.js';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { EcsFixtures } from '../support/ecs-fidelity-fixtures.js';
import { CLUSTER_SCENARIOS, DEFINITION_SCENARIOS, Scenario, SETTING_SCENARIOS, Skip, SKIPPED } from '../support/ecs-fidelity-scenarios.js';
import { replayExample } from '../support/fidelity-replay.js';
import { SERVICE_SCENARIOS, SKIPPED_WORKLOADS, TASK_SCENARIOS } from '../support/ecs-fidelity-workloads.js';
import { fidelityReport, Outcome, overallShare } from '../support/fidelity-report.js';

/** The share of AWS's keys Berth's responses must keep: what it achieves, so any key lost fails. */
const FLOOR = 1;

const SCENARIOS: Scenario[] = [...CLUSTER_SCENARIOS, ...DEFINITION_SCENARIOS, ...SETTING_SCENARIOS, ...TASK_SCENARIOS, ...SERVICE_SCENARIOS];
const SKIPS: Skip[] = [...SKIPPED, ...SKIPPED_WORKLOADS];

describe('ECS fidelity: the AWS CLI examples replayed', () => {
  let berth: RunningBerth;
  let fixtures: EcsFixtures;
  const dirs = exampleDirs('ecs');

  before(async () => {
    const image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    fixtures = new EcsFixtures(berth.endpoint, image);
  });
  after(async () => berth?.destroy());

  it('finds the examples of an installed awscli', () => {
    assert.ok(dirs.length > 0, 'no awscli examples found; the setup script installs Debian awscli');
  });

  for (const dir of dirs) {
    it(`answers with at least ${FLOOR * 100}% of the keys AWS recorded in ${dir}`, async () => {
      const outcomes: Outcome[] = [];
      for (const ex of loadExamples(dir)) outcomes.push(await replayExample(fixtures, ex, SCENARIOS, SKIPS));
      console.log(fidelityReport(dir, outcomes));
      const failed = outcomes.flatMap((o) => (o.kind === 'failed' || o.kind === 'unmapped' ? [`${o.ex.file} example ${o.ex.index}: ${o.reason}`] : []));
      assert.deepEqual(failed, [], 'every example is replayed or skipped with a reason');
      const { have, total } = overallShare(outcomes);
      assert.ok(total > 0 && have / total >= FLOOR, `Berth has ${have} of AWS's ${total} keys`);
    });
  }
});
