/** Fidelity: the AWS CLI's ELBv2 examples replayed against Berth (test/support/fidelity-suite.ts). */
import { startBerthProcess } from '../support/berth-process.js';
import { Elbv2Fixtures, SCENARIOS, SKIPPED } from '../support/elbv2-fidelity.js';
import { fidelitySuite } from '../support/fidelity-suite.js';

fidelitySuite({
  title: 'ELBv2', examples: 'elbv2', floor: 1, scenarios: SCENARIOS, skipped: SKIPPED,
  start: async () => {
    const berth = await startBerthProcess();
    return { berth, fixtures: new Elbv2Fixtures(berth.endpoint) };
  },
});
