import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerDef, TaskDefInput } from './task-definition-rules.js';
import { unsupportedFeature } from './unsupported.js';

const td = (container: Partial<ContainerDef> = {}, over: Partial<TaskDefInput> = {}): TaskDefInput =>
  ({ family: 'f', containerDefinitions: [{ name: 'ok', image: 'x' }, { name: 'a', image: 'x', ...container }], ...over });

describe('unsupportedFeature', () => {
  const cases: [string, TaskDefInput, RegExp | undefined][] = [
    ['plain definition', td(), undefined],
    ['empty lists are fine', td({ secrets: [], environmentFiles: [], linuxParameters: { devices: [] }, systemControls: [], resourceRequirements: [] }), undefined],
    ['environmentFiles', td({ environmentFiles: [{ type: 's3', value: 'arn:aws:s3:::b/k.env' }] }), /^container a: environmentFiles/],
    ['devices', td({ linuxParameters: { devices: [{ hostPath: '/dev/fuse' }] } }), /^container a: linuxParameters\.devices/],
    ['GPU resource requirement', td({ resourceRequirements: [{ type: 'GPU', value: '1' }] }), /^container a: GPU resources are not available/],
    ['pidMode', td({}, { pidMode: 'host' }), /^pidMode 'host'/],
    ['ipcMode', td({}, { ipcMode: 'task' }), /^ipcMode 'task'/],
    ['placement constraints run (placement/ applies them)', td({}, { placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }] }), undefined],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const r = unsupportedFeature(input);
      if (expected) assert.match(r ?? '', expected);
      else assert.equal(r, undefined);
    });
  }
});
