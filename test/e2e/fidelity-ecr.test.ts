/**
 * Fidelity: replays the AWS CLI's documented ECR examples (real AWS outputs, shipped with the
 * awscli package) against a running Berth and measures the share of the key paths of AWS's
 * output that Berth's answer to the equivalent call also has. AWSCLI_EXAMPLES_DIRS names
 * other example roots, as for the ECS fidelity test.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importVulnerabilityDb } from '../../src/scanning/index.js';
import { exampleDirs, loadExamples } from '../support/aws-cli-examples.js';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { ECR_SCENARIOS, EcrFixtures, FIDELITY_ADVISORY } from '../support/ecr-fidelity.js';
import { fidelityReport, Outcome, overallShare } from '../support/fidelity-report.js';
import { replayExample } from '../support/fidelity-replay.js';

/** The share of AWS's keys Berth's responses must keep. */
const FLOOR = 0.99;

describe('ECR fidelity: the AWS CLI examples replayed', () => {
  let berth: RunningBerth;
  let fixtures: EcrFixtures;
  const dirs = exampleDirs('ecr');
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));

  before(async () => {
    // DescribeImageScanFindings needs a finding: a one-advisory database for the scanned image.
    const osv = join(dataDir, 'osv-source');
    mkdirSync(osv);
    writeFileSync(join(osv, 'advisory.json'), JSON.stringify(FIDELITY_ADVISORY));
    await importVulnerabilityDb(dataDir, osv);
    rmSync(osv, { recursive: true });
    berth = await startBerthProcess({ dataDir });
    fixtures = new EcrFixtures(berth.endpoint);
  });
  after(async () => berth?.destroy());

  it('finds the examples of an installed awscli', () => {
    assert.ok(dirs.length > 0, 'no awscli examples found; the setup script installs Debian awscli');
  });

  for (const dir of dirs) {
    it(`keeps at least ${FLOOR * 100}% of AWS's keys in ${dir}`, async () => {
      const outcomes: Outcome[] = [];
      for (const ex of loadExamples(dir)) outcomes.push(await replayExample(fixtures, ex, ECR_SCENARIOS));
      console.log(fidelityReport(dir, outcomes));
      const failed = outcomes.filter((o) => o.kind === 'failed' || o.kind === 'unmapped');
      assert.deepEqual(failed, [], 'every example is replayed');
      const { have, total } = overallShare(outcomes);
      assert.ok(total > 0 && have / total >= FLOOR, `Berth has ${have} of AWS's ${total} keys`);
    });
  }
});
