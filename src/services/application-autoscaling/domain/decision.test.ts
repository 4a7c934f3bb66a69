import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide, Proposal } from './decision.js';

const T0 = '2026-03-01T12:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000);
const add = (n: number) => (base: number) => base + n;

function proposal(over: Partial<Proposal>): Proposal {
  return {
    now: at(0), current: 10, bounds: { min: 1, max: 20 }, state: {}, cooldownSeconds: 300, propose: add(2),
    scaleInAllowed: true, scaleOutAllowed: true, ...over,
  };
}

describe('a scaling decision', () => {
  it('scales out and starts the scale-out cooldown from the capacity before it', () => {
    assert.deepEqual(decide(proposal({})), { kind: 'scale', desired: 12, state: { scaleOut: { at: T0, base: 10 } } });
  });

  it('counts a scale-out within its cooldown as part of the next: +2 then +3 adds only 1 (the guide\'s example)', () => {
    const state = { scaleOut: { at: T0, base: 10 } };
    assert.deepEqual(decide(proposal({ now: at(60), current: 12, state, propose: add(3) })), { kind: 'scale', desired: 13, state });
    assert.deepEqual(decide(proposal({ now: at(60), current: 12, state, propose: add(2) })), { kind: 'hold' }, 'no larger scale-out: nothing');
    assert.deepEqual(decide(proposal({ now: at(300), current: 12, state, propose: add(2) })), { kind: 'scale', desired: 14, state: { scaleOut: { at: at(300).toISOString(), base: 12 } } });
  });

  it('blocks scale-in until its cooldown ends, and a scale-out ends that cooldown', () => {
    const state = { scaleIn: { at: T0 } };
    assert.deepEqual(decide(proposal({ now: at(299), state, propose: add(-1) })), { kind: 'hold' });
    assert.deepEqual(decide(proposal({ now: at(300), state, propose: add(-1) })), { kind: 'scale', desired: 9, state: { scaleIn: { at: at(300).toISOString() } } });
    assert.deepEqual(decide(proposal({ now: at(10), state, propose: add(1) })), { kind: 'scale', desired: 11, state: { scaleOut: { at: at(10).toISOString(), base: 10 } } });
  });

  it('stays within the bounds, and says so when it cannot move at all', () => {
    assert.deepEqual(decide(proposal({ propose: add(50) })), { kind: 'scale', desired: 20, state: { scaleOut: { at: T0, base: 10 } } });
    assert.deepEqual(decide(proposal({ current: 20, propose: add(1) })), { kind: 'not-scaled', reason: { Code: 'AlreadyAtMaxCapacity', MaxCapacity: 20 } });
    assert.deepEqual(decide(proposal({ current: 1, propose: add(-1) })), { kind: 'not-scaled', reason: { Code: 'AlreadyAtMinCapacity', MinCapacity: 1 } });
    assert.deepEqual(decide(proposal({ propose: add(0) })), { kind: 'not-scaled', reason: { Code: 'AlreadyAtDesiredCapacity', CurrentCapacity: 10 } });
    assert.deepEqual(decide(proposal({ current: 25, propose: add(1) })), { kind: 'not-scaled', reason: { Code: 'AlreadyAtMaxCapacity', MaxCapacity: 20 } }, 'never a scale-in on a scale-out request');
  });

  it('drops a direction that is disabled or suspended', () => {
    assert.deepEqual(decide(proposal({ scaleInAllowed: false, propose: add(-3) })), { kind: 'hold' });
    assert.deepEqual(decide(proposal({ scaleOutAllowed: false })), { kind: 'hold' });
  });

  it('keeps AWS\'s rules at the edges of bounds, suspension and cooldowns', () => {
    const scaleIn = { scaleIn: { at: T0 } };
    const scaleOut = { scaleOut: { at: T0, base: 10 } };
    const cases: Array<[string, Partial<Proposal>, ReturnType<typeof decide>]> = [
      ['a scale-in stops at the minimum', { bounds: { min: 8, max: 20 }, propose: add(-5) }, { kind: 'scale', desired: 8, state: { scaleIn: { at: T0 } } }],
      ['a scale-out stops at the maximum', { bounds: { min: 1, max: 11 }, propose: add(5) }, { kind: 'scale', desired: 11, state: { scaleOut: { at: T0, base: 10 } } }],
      ['below the minimum, a scale-in never scales out', { current: 0, propose: add(-1) }, { kind: 'not-scaled', reason: { Code: 'AlreadyAtMinCapacity', MinCapacity: 1 } }],
      ['above the maximum, a scale-out never scales in', { current: 25, propose: add(2) }, { kind: 'not-scaled', reason: { Code: 'AlreadyAtMaxCapacity', MaxCapacity: 20 } }],
      ['scale-in suspended, scale-out still acts', { scaleInAllowed: false, propose: add(1) }, { kind: 'scale', desired: 11, state: { scaleOut: { at: T0, base: 10 } } }],
      ['scale-out suspended, scale-in still acts', { scaleOutAllowed: false, propose: add(-1) }, { kind: 'scale', desired: 9, state: { scaleIn: { at: T0 } } }],
      ['scale-out suspended at the maximum: nothing recorded', { scaleOutAllowed: false, current: 20, propose: add(1) }, { kind: 'hold' }],
      ['a scale-out in a scale-in cooldown goes ahead and ends it', { now: at(1), state: scaleIn, propose: add(1) }, { kind: 'scale', desired: 11, state: { scaleOut: { at: at(1).toISOString(), base: 10 } } }],
      ['a scale-in in a scale-out cooldown goes ahead', { now: at(1), state: scaleOut, current: 12, propose: add(-1) }, { kind: 'scale', desired: 11, state: { ...scaleOut, scaleIn: { at: at(1).toISOString() } } }],
      ['a scale-in cooldown does not hold a scale-out at the maximum', { state: scaleIn, current: 20, propose: add(1) }, { kind: 'not-scaled', reason: { Code: 'AlreadyAtMaxCapacity', MaxCapacity: 20 } }],
      ['a zero cooldown holds nothing', { now: at(0), cooldownSeconds: 0, state: scaleIn, propose: add(-1) }, { kind: 'scale', desired: 9, state: { scaleIn: { at: T0 } } }],
    ];
    for (const [what, over, expected] of cases) assert.deepEqual(decide(proposal(over)), expected, what);
  });
});
