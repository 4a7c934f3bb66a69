/**
 * Whether a policy's proposal becomes a scaling activity, with AWS's cooldown rules (the
 * same for step and target tracking policies):
 * - scale-out: during the cooldown that follows a scale-out, the capacity that scale-out
 *   added counts as part of the next one: the proposal is worked out again from the capacity
 *   before it, and only a larger result scales further out;
 * - scale-in: blocked until the cooldown after the last scale-in ends; a scale-out ends it;
 * - the result stays within the target's minimum and maximum; when it cannot move at all,
 *   AWS records a "not scaled" activity with the reason (AlreadyAtMaxCapacity…).
 */
import { NotScaledReason } from '../../../protocol/generated/application-autoscaling.js';
import { Bounds } from './capacity.js';
import { CooldownState } from './records.js';

export interface Proposal {
  now: Date;
  /** The capacity now (the service's desired count). */
  current: number;
  bounds: Bounds;
  state: CooldownState;
  /** The proposing policy's cooldown in seconds for the direction it scales. */
  cooldownSeconds: number;
  /** The capacity the policy asks for, worked out from `base`. */
  propose: (base: number) => number;
  /** False under DisableScaleIn or a suspended scale-in: a proposal to scale in is then dropped. */
  scaleInAllowed: boolean;
  /** False while scale-out is suspended. */
  scaleOutAllowed: boolean;
}

export type Decision =
  | { kind: 'scale'; desired: number; state: CooldownState }
  | { kind: 'not-scaled'; reason: NotScaledReason }
  /** Nothing to record: a cooldown holds, or the direction is switched off. */
  | { kind: 'hold' };

const within = (since: string | undefined, seconds: number, now: Date): boolean =>
  since !== undefined && now.getTime() < Date.parse(since) + seconds * 1000;

export function decide(p: Proposal): Decision {
  const asked = p.propose(p.current);
  if (asked > p.current) return p.scaleOutAllowed ? scaleOut(p, asked) : { kind: 'hold' };
  if (asked < p.current) return p.scaleInAllowed ? scaleIn(p, asked) : { kind: 'hold' };
  return { kind: 'not-scaled', reason: { Code: 'AlreadyAtDesiredCapacity', CurrentCapacity: p.current } };
}

function scaleOut(p: Proposal, asked: number): Decision {
  const cooling = within(p.state.scaleOut?.at, p.cooldownSeconds, p.now);
  const wanted = cooling ? p.propose(p.state.scaleOut!.base) : asked;
  if (cooling && wanted <= p.current) return { kind: 'hold' };
  const desired = Math.min(wanted, p.bounds.max);
  if (desired <= p.current) return { kind: 'not-scaled', reason: { Code: 'AlreadyAtMaxCapacity', MaxCapacity: p.bounds.max } };
  // The cooldown runs from the scale-out that started it; one within it keeps that base.
  const scaleOutState = cooling ? p.state.scaleOut : { at: p.now.toISOString(), base: p.current };
  return { kind: 'scale', desired, state: { scaleOut: scaleOutState } };
}

function scaleIn(p: Proposal, asked: number): Decision {
  if (within(p.state.scaleIn?.at, p.cooldownSeconds, p.now)) return { kind: 'hold' };
  const desired = Math.max(asked, p.bounds.min);
  if (desired >= p.current) return { kind: 'not-scaled', reason: { Code: 'AlreadyAtMinCapacity', MinCapacity: p.bounds.min } };
  return { kind: 'scale', desired, state: { ...p.state, scaleIn: { at: p.now.toISOString() } } };
}
