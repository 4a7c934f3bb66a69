/**
 * Placement strategies: validating `placementStrategy` into its checked form, and the
 * defaults ECS applies when a call names none.
 */
import { PlacementStrategy } from '../../../../protocol/generated/ecs.js';
import { clientError } from '../../../../protocol/errors.js';

export type SpreadField = { kind: 'instanceId' } | { kind: 'attribute'; name: string };
export type Strategy = { type: 'binpack'; field: 'cpu' | 'memory' } | { type: 'spread'; field: SpreadField } | { type: 'random' };

/** AWS's quota per call. */
export const MAX_STRATEGIES = 5;

export const AVAILABILITY_ZONE = 'ecs.availability-zone';

/**
 * What the service scheduler does for a replica service without a strategy: balance the
 * service's tasks across Availability Zones, then across the instances of each zone.
 */
export const DEFAULT_SERVICE_STRATEGY: readonly Strategy[] = [
  { type: 'spread', field: { kind: 'attribute', name: AVAILABILITY_ZONE } },
  { type: 'spread', field: { kind: 'instanceId' } },
];

const invalid = (message: string) => clientError('InvalidParameterException', message);

export function validatePlacementStrategy(input: PlacementStrategy[] | undefined): Strategy[] {
  const items = input ?? [];
  if (items.length > MAX_STRATEGIES) throw invalid(`The number of placement strategies cannot exceed ${MAX_STRATEGIES}.`);
  return items.map(strategy);
}

/** The strategy a service places with: its own, or the scheduler's default. */
export function serviceStrategy(validated: Strategy[]): readonly Strategy[] {
  return validated.length > 0 ? validated : DEFAULT_SERVICE_STRATEGY;
}

function strategy({ type, field }: PlacementStrategy): Strategy {
  switch (type) {
    // The field is documented as unused for random, so any value is ignored.
    case 'random': return { type: 'random' };
    case 'binpack':
      if (field !== 'cpu' && field !== 'memory') throw invalid(`Invalid field for binpack placement strategy: ${field ?? 'null'}. Valid fields are cpu and memory.`);
      return { type: 'binpack', field };
    case 'spread': return { type: 'spread', field: spreadField(field) };
    default: throw invalid(`Invalid placement strategy type: ${String(type)}.`);
  }
}

function spreadField(field: string | undefined): SpreadField {
  if (field === 'instanceId' || field === 'host') return { kind: 'instanceId' };
  const name = field?.startsWith('attribute:') ? field.slice('attribute:'.length) : '';
  if (!/^[A-Za-z0-9_./\\-]{1,128}$/.test(name)) {
    throw invalid(`Invalid field for spread placement strategy: ${field ?? 'null'}. Valid fields are instanceId, host or attribute:<name>.`);
  }
  return { kind: 'attribute', name };
}
