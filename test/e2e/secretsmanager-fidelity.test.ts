/** Fidelity: the AWS CLI's Secrets Manager examples replayed against Berth (test/support/fidelity-suite.ts). */
import { startBerthProcess } from '../support/berth-process.js';
import { fidelitySuite } from '../support/fidelity-suite.js';
import { SCENARIOS, SKIPPED, SmFixtures } from './secretsmanager-fidelity-scenarios.js';

fidelitySuite({
  title: 'Secrets Manager', examples: 'secretsmanager', floor: 1, scenarios: SCENARIOS, skipped: SKIPPED,
  start: async () => {
    const berth = await startBerthProcess();
    return { berth, fixtures: new SmFixtures(berth.endpoint) };
  },
});
