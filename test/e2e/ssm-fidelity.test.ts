/** Fidelity: the AWS CLI's SSM Parameter Store examples replayed against Berth (test/support/fidelity-suite.ts). */
import { startBerthProcess } from '../support/berth-process.js';
import { fidelitySuite } from '../support/fidelity-suite.js';
import { PARAMETER_FILES, SCENARIOS, SsmFixtures } from './ssm-fidelity-scenarios.js';

fidelitySuite({
  title: 'SSM Parameter Store', examples: 'ssm', floor: 1, scenarios: SCENARIOS, only: PARAMETER_FILES,
  start: async () => {
    const berth = await startBerthProcess();
    return { berth, fixtures: new SsmFixtures(berth.endpoint) };
  },
});
