/** Placement inputs are checked where AWS checks them: the task definition at registration, the call's at RunTask and CreateService. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecsApi } from './api-harness.js';

const container = { name: 'c', image: 'busybox', memory: 16 };
const refused = (code: string, message: RegExp) => (e: unknown) => (e as { code?: string }).code === code && message.test((e as Error).message);

describe('placement inputs', () => {
  it('RegisterTaskDefinition keeps memberOf constraints and refuses what task definitions cannot hold', async () => {
    const h = ecsApi();
    const ok = (await h.call('RegisterTaskDefinition', {
      family: 'f', containerDefinitions: [container], placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' }],
    })).taskDefinition;
    assert.deepEqual(ok.placementConstraints, [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' }]);
    const bad: [object[], string, RegExp][] = [
      [[{ type: 'distinctInstance' }], 'ClientException', /constraint\.type 'distinctInstance' is not supported\./],
      [[{ type: 'memberOf', expression: 'attribute:a ==' }], 'InvalidParameterException', /./],
      [Array.from({ length: 11 }, () => ({ type: 'memberOf', expression: 'attribute:a exists' })), 'ClientException', /cannot exceed 10/],
    ];
    for (const [placementConstraints, code, message] of bad) {
      await assert.rejects(h.call('RegisterTaskDefinition', { family: 'f', containerDefinitions: [container], placementConstraints }), refused(code, message), JSON.stringify(placementConstraints));
    }
  });

  it('CreateService keeps its strategy and constraints and refuses invalid ones', async () => {
    const h = ecsApi();
    await h.call('CreateCluster', { clusterName: 'c' });
    await h.call('RegisterTaskDefinition', { family: 'f', containerDefinitions: [container] });
    const placementStrategy = [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }];
    const placementConstraints = [{ type: 'memberOf', expression: 'attribute:stack == prod' }];
    const svc = (await h.call('CreateService', { cluster: 'c', serviceName: 's', taskDefinition: 'f', desiredCount: 0, placementStrategy, placementConstraints })).service;
    assert.deepEqual([svc.placementStrategy, svc.placementConstraints], [placementStrategy, placementConstraints]);
    await assert.rejects(h.call('CreateService', { cluster: 'c', serviceName: 't', taskDefinition: 'f', desiredCount: 0, placementStrategy: [{ type: 'binpack', field: 'disk' }] }), refused('InvalidParameterException', /./));
    await assert.rejects(h.call('CreateService', { cluster: 'c', serviceName: 't', taskDefinition: 'f', desiredCount: 0, placementConstraints: [{ type: 'distinctInstance', expression: 'x' }] }),
      refused('InvalidParameterException', /distinctInstance expression should not be specified\./));
  });
});
