/**
 * Capacity bounds, as AWS keeps them: whenever a target's minimum or maximum changes
 * (RegisterScalableTarget, a scheduled action), a capacity below the new minimum is raised
 * to it and one above the new maximum lowered to it, as an activity of its own whose cause
 * names the bound ("minimum capacity was set to 3").
 */
import { ScalableTargetAction } from '../../../protocol/generated/application-autoscaling.js';

export interface Bounds {
  min: number;
  max: number;
}

export interface Correction {
  desired: number;
  cause: string;
}

/** The change that brings `current` within `bounds`, or undefined when it is within them. */
export function boundsCorrection(current: number, bounds: Bounds): Correction | undefined {
  if (current < bounds.min) return { desired: bounds.min, cause: `minimum capacity was set to ${bounds.min}` };
  if (current > bounds.max) return { desired: bounds.max, cause: `maximum capacity was set to ${bounds.max}` };
  return undefined;
}

/** The bounds a scheduled action sets (what it leaves out stays); undefined when they would cross. */
export function boundsAfter(bounds: Bounds, action: ScalableTargetAction): Bounds | undefined {
  const next = { min: action.MinCapacity ?? bounds.min, max: action.MaxCapacity ?? bounds.max };
  return next.min <= next.max ? next : undefined;
}

/** "min capacity to 5 and max capacity to 10", as activities word what a scheduled action sets. */
export function boundsPhrase(action: ScalableTargetAction): string {
  const parts = [
    ...(action.MinCapacity !== undefined ? [`min capacity to ${action.MinCapacity}`] : []),
    ...(action.MaxCapacity !== undefined ? [`max capacity to ${action.MaxCapacity}`] : []),
  ];
  return parts.join(' and ');
}
