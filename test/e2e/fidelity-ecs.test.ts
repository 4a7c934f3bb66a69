/**
 * Fidelity: the AWS CLI's ECS examples replayed against Berth (test/support/fidelity-suite.ts).
 * AWSCLI_EXAMPLES_DIRS names other example roots (e.g. a newer pip awscli's
 * `.../site-packages/awscli/examples`).
 */
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { startBerthProcess } from '../support/berth-process.js';
import { EcsFixtures } from '../support/ecs-fidelity-fixtures.js';
import { CLUSTER_SCENARIOS, DEFINITION_SCENARIOS, INSTANCE_SCENARIOS, PROVIDER_SCENARIOS, SETTING_SCENARIOS, SKIPPED } from '../support/ecs-fidelity-scenarios.js';
import { SERVICE_SCENARIOS, SKIPPED_WORKLOADS, TASK_SCENARIOS } from '../support/ecs-fidelity-workloads.js';
import { fidelitySuite } from '../support/fidelity-suite.js';

fidelitySuite({
  title: 'ECS', examples: 'ecs', floor: 1,
  scenarios: [...CLUSTER_SCENARIOS, ...PROVIDER_SCENARIOS, ...INSTANCE_SCENARIOS, ...DEFINITION_SCENARIOS, ...SETTING_SCENARIOS, ...TASK_SCENARIOS, ...SERVICE_SCENARIOS],
  skipped: [...SKIPPED, ...SKIPPED_WORKLOADS],
  start: async () => {
    const image = await ensureBusyboxImage();
    const berth = await startBerthProcess();
    return { berth, fixtures: new EcsFixtures(berth.endpoint, image) };
  },
});
