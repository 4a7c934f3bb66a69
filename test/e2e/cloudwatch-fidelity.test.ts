/** Fidelity: the AWS CLI's CloudWatch examples replayed against Berth (test/support/fidelity-suite.ts). */
import { startBerthProcess } from '../support/berth-process.js';
import { fidelitySuite } from '../support/fidelity-suite.js';
import { CloudWatchFixtures, SCENARIOS, SKIPPED } from './cloudwatch-fidelity-scenarios.js';

fidelitySuite({
  title: 'CloudWatch', examples: 'cloudwatch', floor: 1, scenarios: SCENARIOS, skipped: SKIPPED,
  start: async () => {
    // A 1-second minute: the alarms the examples show are evaluated before they are read.
    const berth = await startBerthProcess({ args: ['--metric-period-seconds', '1'] });
    return { berth, fixtures: new CloudWatchFixtures(berth.endpoint) };
  },
});
