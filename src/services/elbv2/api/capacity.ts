/**
 * DescribeCapacityReservation and ModifyCapacityReservation: LCU reservations of application
 * and network load balancers. Berth has no capacity to provision, so a reservation is
 * `provisioned` at once; the rules AWS enforces (two decreases a day, the per-load-balancer
 * quota) still hold.
 */
import { clientError } from '../../../protocol/errors.js';
import { DescribeCapacityReservationOutput, ModifyCapacityReservationInput, Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { Clock } from '../../../platform/clock.js';
import { CapacityReservation, LoadBalancerDoc } from '../domain/docs.js';
import { Elbv2Deps } from './context.js';
import { requireLoadBalancer } from '../domain/lookups.js';
import { KIND } from '../domain/names.js';

/** AWS: "you can only decrease the reserved capacity two times per day". */
const DECREASES_PER_DAY = 2;
const DAY_MS = 24 * 3600 * 1000;
/** AWS's quota "Reserved Application Load Balancer Capacity Units (LCU) per Application Load Balancer". */
const ALB_MAX_UNITS = 15_000;

function decreasesLeft(reservation: CapacityReservation | undefined, now: Date): number {
  const recent = (reservation?.decreases ?? []).filter((t) => now.getTime() - Date.parse(t) < DAY_MS);
  return Math.max(0, DECREASES_PER_DAY - recent.length);
}

/**
 * The answer for a load balancer: without a reservation AWS returns only the decreases left
 * and an empty state list; with one, the capacity spread evenly over the load balancer's zones.
 */
export function capacityView(lb: LoadBalancerDoc, now: Date): DescribeCapacityReservationOutput {
  const r = lb.capacity;
  const view = { DecreaseRequestsRemaining: decreasesLeft(r, now), CapacityReservationState: [] };
  if (r?.capacityUnits === undefined) return view;
  const units = r.capacityUnits;
  const zones = lb.AvailabilityZones;
  return {
    ...view,
    LastModifiedTime: r.lastModified,
    MinimumLoadBalancerCapacity: { CapacityUnits: units },
    CapacityReservationState: zones.map((z) => ({
      AvailabilityZone: z.ZoneName,
      EffectiveCapacityUnits: units / zones.length,
      State: { Code: 'provisioned' },
    })),
  };
}

function requestedUnits(input: ModifyCapacityReservationInput): number | undefined {
  const reset = input.ResetCapacityReservation === true;
  const units = input.MinimumLoadBalancerCapacity?.CapacityUnits;
  if (reset && input.MinimumLoadBalancerCapacity !== undefined) {
    throw clientError('ValidationError', 'MinimumLoadBalancerCapacity and ResetCapacityReservation cannot be specified together');
  }
  if (!reset && units === undefined) {
    throw clientError('ValidationError', 'Either MinimumLoadBalancerCapacity or ResetCapacityReservation must be specified');
  }
  if (units !== undefined && units < 1) throw clientError('ValidationError', 'CapacityUnits must be greater than 0');
  return reset ? undefined : units;
}

function checkQuota(lb: LoadBalancerDoc, units: number | undefined): void {
  if (lb.Type === 'application' && units !== undefined && units > ALB_MAX_UNITS) {
    throw clientError('CapacityUnitsLimitExceeded', `You have exceeded the limit of ${ALB_MAX_UNITS} reserved capacity units per load balancer`);
  }
}

/** The reservation after a change; a lower (or no) capacity counts against the day's decreases. */
function nextReservation(lb: LoadBalancerDoc, units: number | undefined, clock: Clock): CapacityReservation {
  const now = clock.now();
  const current = lb.capacity;
  const decreases = (current?.decreases ?? []).filter((t) => now.getTime() - Date.parse(t) < DAY_MS);
  const isDecrease = current?.capacityUnits !== undefined && (units === undefined || units < current.capacityUnits);
  if (isDecrease) {
    if (decreasesLeft(current, now) === 0) throw clientError('CapacityDecreaseRequestLimitExceeded', 'You have reached the limit of capacity decrease requests for today');
    decreases.push(now.toISOString());
  }
  return { capacityUnits: units, lastModified: now.toISOString(), decreases };
}

export function makeCapacityOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store, clock } = deps;
  return {
    DescribeCapacityReservation(input) {
      return capacityView(requireLoadBalancer(store, input.LoadBalancerArn), clock.now());
    },

    ModifyCapacityReservation(input) {
      const units = requestedUnits(input);
      return store.transact((tx) => {
        const lb = requireLoadBalancer(tx, input.LoadBalancerArn);
        checkQuota(lb, units);
        const doc: LoadBalancerDoc = { ...lb, capacity: nextReservation(lb, units, clock) };
        tx.put(KIND.loadBalancer, lb.LoadBalancerArn, doc);
        return capacityView(doc, clock.now());
      });
    },
  };
}
