/** Fidelity: the AWS CLI's IAM examples replayed against Berth (test/support/fidelity-suite.ts). */
import { startBerthProcess } from '../support/berth-process.js';
import { fidelitySuite } from '../support/fidelity-suite.js';
import { IamFixtures, SCENARIOS, SKIPPED } from './iam-fidelity-scenarios.js';

// The missing keys are last-use dates of roles and keys (the replay calls as the root) and one malformed AWS example.
fidelitySuite({
  title: 'IAM', examples: 'iam', floor: 0.98, scenarios: SCENARIOS, skipped: SKIPPED,
  start: async () => {
    const berth = await startBerthProcess();
    return { berth, fixtures: new IamFixtures(berth.endpoint) };
  },
});
