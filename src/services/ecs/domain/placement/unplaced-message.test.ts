import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unplacedTaskMessage } from './unplaced-message.js';

const ARN = 'arn:aws:ecs:us-east-1:000000000000:container-instance/prod/0123456789abcdef0123456789abcdef';
const HEAD = '(service web) was unable to place a task because no container instance met all of its requirements.';
const TAIL = 'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';
const CLOSEST = 'The closest matching (container-instance 0123456789abcdef0123456789abcdef)';

test('the service event for an unplaced task names the closest instance and its reason, as AWS words them', () => {
  const cases: [{ arn?: string; reason: string } | undefined, string][] = [
    [{ arn: ARN, reason: 'RESOURCE:CPU' }, `${CLOSEST} has insufficient CPU units available.`],
    [{ arn: ARN, reason: 'RESOURCE:MEMORY' }, `${CLOSEST} has insufficient memory available.`],
    [{ arn: ARN, reason: 'RESOURCE:PORTS' }, `${CLOSEST} is already using a port required by your task.`],
    [{ arn: ARN, reason: 'ATTRIBUTE' }, `${CLOSEST} is missing an attribute required by your task.`],
    [{ arn: ARN, reason: 'AGENT' }, `${CLOSEST} encountered error "AGENT".`],
    [{ arn: ARN, reason: 'DistinctInstance placement constraint unsatisfied.' }, `${CLOSEST} encountered error "DistinctInstance placement constraint unsatisfied.".`],
    [{ arn: ARN, reason: 'MemberOf placement constraint unsatisfied.' }, `${CLOSEST} encountered error "MemberOf placement constraint unsatisfied.".`],
    [{ arn: 'arn:aws:ecs:us-east-1:000000000000:capacity-provider/spot', reason: 'MISSING' }, 'Reason: No Container Instances were found in your capacity provider.'],
    [undefined, 'Reason: No Container Instances were found in your cluster.'],
  ];
  for (const [failure, reason] of cases) assert.equal(unplacedTaskMessage('web', failure), `${HEAD} ${reason} ${TAIL}`, JSON.stringify(failure));
});
