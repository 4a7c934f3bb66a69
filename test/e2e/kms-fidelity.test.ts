/** Fidelity: the AWS CLI's KMS examples replayed against Berth (test/support/fidelity-suite.ts). */
import { startBerthProcess } from '../support/berth-process.js';
import { fidelitySuite } from '../support/fidelity-suite.js';
import { KmsFixtures, SCENARIOS, SKIPPED } from './kms-fidelity-scenarios.js';

const ACCOUNT = '111122223333';

fidelitySuite({
  title: 'KMS', examples: 'kms', floor: 1, scenarios: SCENARIOS, skipped: SKIPPED,
  start: async () => {
    const berth = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    return { berth, fixtures: new KmsFixtures(berth.endpoint, ACCOUNT) };
  },
});
