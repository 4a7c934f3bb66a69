import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BerthModule, buildModules, buildOrder, ModuleContext, ModuleDefinition } from './module.js';

const def = (name: string, d: Partial<ModuleDefinition> = {}, ports: BerthModule['ports'] = {}): ModuleDefinition => ({ name, build: async () => ({ name, ports }), ...d });
const names = (ds: ModuleDefinition[]) => ds.map((d) => d.name);
const fakeRegistry = { targetGroup: () => undefined, register() {}, deregister() {}, state: () => undefined };

describe('module ports', () => {
  it('builds providers before the modules that require their ports, in the order they are required, the rest as given', () => {
    const ecs = def('ecs', { requires: { targetRegistry: 'optional', imageResolver: 'optional' } });
    const ecr = def('ecr', { provides: ['imageResolver'] });
    const elbv2 = def('elbv2', { provides: ['targetRegistry'] });
    assert.deepEqual(names(buildOrder([ecs, ecr, elbv2, def('sts')])), ['elbv2', 'ecr', 'ecs', 'sts']);
  });

  it('an optional port nobody provides is fine; a required one, or providers that need each other, are errors', () => {
    assert.deepEqual(names(buildOrder([def('ecs', { requires: { targetRegistry: 'optional' } })])), ['ecs']);
    assert.throws(() => buildOrder([def('ecs', { requires: { targetRegistry: 'required' } })]), /requires port targetRegistry, which no module provides/);
    const a = def('a', { provides: ['imageResolver'], requires: { targetRegistry: 'required' } });
    const b = def('b', { provides: ['targetRegistry'], requires: { imageResolver: 'required' } });
    assert.throws(() => buildOrder([a, b]), /require each other's ports/);
  });

  it('hands each module the ports built before it, and refuses a declared port that was not built', async () => {
    let seen: unknown;
    const elbv2 = def('elbv2', { provides: ['targetRegistry'] }, { targetRegistry: fakeRegistry });
    const ecs = def('ecs', { requires: { targetRegistry: 'required' }, build: async (_ctx, ports) => ((seen = ports.targetRegistry), { name: 'ecs' }) });
    await buildModules({} as ModuleContext, [ecs, elbv2]);
    assert.equal(seen, fakeRegistry);
    await assert.rejects(buildModules({} as ModuleContext, [def('elbv2', { provides: ['targetRegistry'] })]), /declares port targetRegistry but did not build it/);
  });
});
