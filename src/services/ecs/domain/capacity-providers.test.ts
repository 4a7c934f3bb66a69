import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../platform/log.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { CAPACITY_PROVIDER_KIND, capacityProviderArn, capacityProviderKey, CapacityProviderDoc } from './capacity-provider-records.js';
import { CapacityProviderStrategyItem, isFargateStrategy, pickProvider, validateProviders, validateStrategy } from './capacity-providers.js';

const BOTH = ['FARGATE', 'FARGATE_SPOT'];
const invalid = (message: string) => ({ code: 'InvalidParameterException', message });
const NOT_ASSOCIATED = invalid('The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.');

describe('validateProviders', () => {
  const store = new MemoryStore(silentLogger);
  const scope = { region: 'us-east-1', accountId: '000000000000' };
  const provider = (name: string, status: 'ACTIVE' | 'INACTIVE'): CapacityProviderDoc => ({
    capacityProviderArn: capacityProviderArn(scope, name), name, status, tags: [],
    autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:0:autoScalingGroupName/g', managedScaling: {}, managedTerminationProtection: 'DISABLED', managedDraining: 'ENABLED' },
  });
  store.transact((tx) => {
    for (const [name, status] of [['live', 'ACTIVE'], ['gone', 'INACTIVE']] as const) tx.put(CAPACITY_PROVIDER_KIND, capacityProviderKey(scope, name), provider(name, status));
  });
  const missing = (name: string) => `The specified capacity provider '${name}' does not exist. Specify a valid capacity provider and try again.`;
  const cases: [string, string[], string | undefined][] = [
    ['the AWS-managed providers', BOTH, undefined],
    ['an ACTIVE provider of the account', ['FARGATE', 'live'], undefined],
    ['a provider that does not exist', ['FARGATE', 'my-asg'], missing('my-asg')],
    ['a deleted provider', ['gone'], `The specified capacity provider 'gone' is not in an ACTIVE state. Specify a valid capacity provider and try again.`],
    ['a provider of another region', ['live'], missing('live')],
  ];
  for (const [what, providers, error] of cases) {
    it(`${error ? 'rejects' : 'accepts'} ${what}`, () => {
      const s = what.includes('another region') ? { ...scope, region: 'eu-west-1' } : scope;
      if (!error) assert.doesNotThrow(() => validateProviders(store, s, providers));
      else assert.throws(() => validateProviders(store, s, providers), invalid(error));
    });
  }
});

describe('validateStrategy', () => {
  it('no strategy means none', () => {
    assert.deepEqual(validateStrategy(undefined, BOTH), []);
    assert.deepEqual(validateStrategy([], BOTH), []);
  });
  it('fills the API defaults: weight 0 and base 0', () => {
    assert.deepEqual(validateStrategy([{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', base: 2 }], BOTH), [
      { capacityProvider: 'FARGATE', weight: 1, base: 0 },
      { capacityProvider: 'FARGATE_SPOT', weight: 0, base: 2 },
    ]);
  });
  it('keeps explicit values', () => {
    assert.deepEqual(validateStrategy([{ capacityProvider: 'FARGATE', weight: 1, base: 2 }, { capacityProvider: 'FARGATE_SPOT', weight: 4, base: 0 }], BOTH), [
      { capacityProvider: 'FARGATE', weight: 1, base: 2 },
      { capacityProvider: 'FARGATE_SPOT', weight: 4, base: 0 },
    ]);
  });

  const errors: [string, CapacityProviderStrategyItem[], string[], object][] = [
    ['Fargate and Auto Scaling group providers mixed', [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'my-asg', weight: 1 }], ['FARGATE', 'my-asg'],
      invalid('The specified capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.')],
    ['unknown provider in the strategy', [{ capacityProvider: 'my-asg', weight: 1 }], BOTH, NOT_ASSOCIATED],
    ['provider exists but is not associated', [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], ['FARGATE'], NOT_ASSOCIATED],
    ['more than 20 items', Array.from({ length: 21 }, () => ({ capacityProvider: 'FARGATE', weight: 1 })), BOTH,
      invalid('A capacity provider strategy can contain a maximum of 20 capacity providers.')],
    ['two items with a base', [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1, base: 1 }], BOTH,
      invalid('A capacity provider strategy can only have one capacity provider with a base value set.')],
    ['all weights 0', [{ capacityProvider: 'FARGATE', weight: 0, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 0 }], BOTH,
      invalid('The specified capacity provider strategy must contain at least one capacity provider with a weight value greater than 0.')],
    ['all weights omitted (default 0)', [{ capacityProvider: 'FARGATE' }], BOTH,
      invalid('The specified capacity provider strategy must contain at least one capacity provider with a weight value greater than 0.')],
  ];
  for (const [name, strategy, associated, expected] of errors) {
    it(`rejects: ${name}`, () => assert.throws(() => validateStrategy(strategy, associated), expected));
  }
  it('20 items are allowed', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ capacityProvider: BOTH[i % 2], weight: 1 }));
    assert.equal(validateStrategy(items, BOTH).length, 20);
  });
});

describe('isFargateStrategy', () => {
  const cases: [CapacityProviderStrategyItem[] | undefined, boolean][] = [
    [undefined, false], [[], false], [[{ capacityProvider: 'FARGATE_SPOT' }], true], [[{ capacityProvider: 'my-asg', weight: 1 }], false],
  ];
  for (const [strategy, expected] of cases) it(`${JSON.stringify(strategy)} → ${expected}`, () => assert.equal(isFargateStrategy(strategy), expected));
});

/** Runs `count` tasks through pickProvider the way RunTask does and returns the order and totals. */
function distribute(strategy: CapacityProviderStrategyItem[], count: number): { order: string[]; totals: Record<string, number> } {
  const placed: Record<string, number> = {};
  const order: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = pickProvider(strategy, placed);
    placed[p] = (placed[p] ?? 0) + 1;
    order.push(p);
  }
  return { order, totals: placed };
}

describe('pickProvider', () => {
  it('FARGATE base 2 weight 1 + FARGATE_SPOT weight 4 over 12 tasks: 2 base, then 10 split 1:4', () => {
    const { order, totals } = distribute([
      { capacityProvider: 'FARGATE', base: 2, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 4 },
    ], 12);
    assert.deepEqual(order.slice(0, 2), ['FARGATE', 'FARGATE']);
    assert.deepEqual(totals, { FARGATE: 4, FARGATE_SPOT: 8 });
  });
  it('the base is satisfied first even when its provider is listed second', () => {
    const { order, totals } = distribute([
      { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }, { capacityProvider: 'FARGATE', base: 3, weight: 1 },
    ], 7);
    assert.deepEqual(order.slice(0, 3), ['FARGATE', 'FARGATE', 'FARGATE']);
    assert.deepEqual(totals, { FARGATE: 5, FARGATE_SPOT: 2 });
  });
  const splits: [string, CapacityProviderStrategyItem[], number, Record<string, number>][] = [
    ['equal weights split evenly', [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }], 10, { FARGATE: 5, FARGATE_SPOT: 5 }],
    ['1:4 over 5 tasks', [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 4 }], 5, { FARGATE: 1, FARGATE_SPOT: 4 }],
    ['1:4 over 10 tasks', [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 4 }], 10, { FARGATE: 2, FARGATE_SPOT: 8 }],
    ['weight-0 provider with base gets only its base', [{ capacityProvider: 'FARGATE', base: 3, weight: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }], 10, { FARGATE: 3, FARGATE_SPOT: 7 }],
    ['weight-0 provider without base gets nothing', [{ capacityProvider: 'FARGATE', weight: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 2 }], 6, { FARGATE_SPOT: 6 }],
    ['a single provider takes everything', [{ capacityProvider: 'FARGATE', weight: 5 }], 4, { FARGATE: 4 }],
    ['FARGATE base 2 weight 1 + FARGATE_SPOT weight 3 over 10 tasks: 2 base, then 8 split 1:3',
      [{ capacityProvider: 'FARGATE', base: 2, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }], 10, { FARGATE: 4, FARGATE_SPOT: 6 }],
    ['base only: fewer tasks than the base all go to it',
      [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }, { capacityProvider: 'FARGATE', base: 5, weight: 0 }], 3, { FARGATE: 3 }],
    ['base exactly met: the rest by weight', [{ capacityProvider: 'FARGATE', base: 4, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }], 4, { FARGATE: 4 }],
    ['weights 1:1 after a base', [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }], 9, { FARGATE: 5, FARGATE_SPOT: 4 }],
    ['weights 1:1 over an odd count: the provider listed first gets the extra task',
      [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }, { capacityProvider: 'FARGATE', weight: 1 }], 3, { FARGATE_SPOT: 2, FARGATE: 1 }],
    ['weights 2:3 over 10 tasks', [{ capacityProvider: 'FARGATE', weight: 2 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }], 10, { FARGATE: 4, FARGATE_SPOT: 6 }],
  ];
  for (const [name, strategy, count, expected] of splits) it(name, () => assert.deepEqual(distribute(strategy, count).totals, expected));

  it('1:3 interleaves rather than running each provider in a block', () => {
    const { order } = distribute([{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }], 8);
    for (let i = 0; i < 8; i += 4) assert.equal(order.slice(i, i + 4).filter((p) => p === 'FARGATE').length, 1, order.join());
  });
  it('counts tasks already placed (e.g. by an earlier call) toward base and shares', () => {
    const strategy = [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    assert.equal(pickProvider(strategy, {}), 'FARGATE');
    assert.equal(pickProvider(strategy, { FARGATE: 2 }), 'FARGATE_SPOT');
    assert.equal(pickProvider(strategy, { FARGATE: 2, FARGATE_SPOT: 3 }), 'FARGATE');
  });
});
