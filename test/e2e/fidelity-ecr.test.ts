/** Fidelity: the AWS CLI's ECR examples replayed against Berth (test/support/fidelity-suite.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importVulnerabilityDb } from '../../src/scanning/index.js';
import { startBerthProcess } from '../support/berth-process.js';
import { ECR_SCENARIOS, EcrFixtures, FIDELITY_ADVISORY } from '../support/ecr-fidelity.js';
import { fidelitySuite } from '../support/fidelity-suite.js';

fidelitySuite({
  title: 'ECR', examples: 'ecr', floor: 0.99, scenarios: ECR_SCENARIOS,
  start: async () => {
    // DescribeImageScanFindings needs a finding: a one-advisory database for the scanned image.
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
    const osv = join(dataDir, 'osv-source');
    mkdirSync(osv);
    writeFileSync(join(osv, 'advisory.json'), JSON.stringify(FIDELITY_ADVISORY));
    await importVulnerabilityDb(dataDir, osv);
    rmSync(osv, { recursive: true });
    const berth = await startBerthProcess({ dataDir });
    return { berth, fixtures: new EcrFixtures(berth.endpoint) };
  },
});
