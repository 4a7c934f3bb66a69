/**
 * Choosing container instances for tasks, as ECS does: keep the instances that can take
 * the task (agent connected, required attributes, CPU, memory, ports), then those the
 * constraints allow, then let each strategy in turn keep its best-ranked instances (the
 * next strategy breaks the first one's ties); the injected random source breaks what ties
 * remain. Each placed task updates its instance's resources and the spread counts before
 * the next task is placed.
 *
 * Placing one task costs O(instances × (strategies + constraints)): spread counts per
 * attribute value are kept as running totals, never recounted from the tasks.
 */
import { Attribute, Failure } from '../../../../protocol/generated/ecs.js';
import { clientError } from '../../../../protocol/errors.js';
import { Capacity, Demand, placementFailure, remaining } from '../placement.js';
import { Constraint, DISTINCT_INSTANCE_UNSATISFIED, MEMBER_OF_UNSATISFIED } from './constraints.js';
import { evaluateQuery, isDynamic, QueryInstance } from './query-eval.js';
import { Strategy } from './strategies.js';

/** A container instance as placement sees it; `free` is what its running tasks leave. */
export interface CandidateInstance {
  containerInstanceArn: string;
  ec2InstanceId: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  agentConnected: boolean;
  agentVersion: string;
  /** Epoch milliseconds. */
  registeredAt: number;
  attributes: Attribute[];
  free: Capacity;
  runningTasksCount: number;
  /** Running tasks per task group (`service:<name>`, `family:<family>`, or RunTask's `group`). */
  taskGroups: Record<string, number>;
}

export interface PlacementRequest {
  count: number;
  demand: Demand;
  /** Attributes the task definition needs (e.g. ecs.capability.task-eni for awsvpc). */
  requiredAttributes?: string[];
  /** The task group the tasks join: spread and distinctInstance count its tasks. */
  group: string;
  strategies: readonly Strategy[];
  /** The call's constraints and the task definition's, validated. */
  constraints: readonly Constraint[];
  /** A source of numbers in [0, 1), for the `random` strategy and the final tie-break. */
  random: () => number;
}

/** Why an instance was refused; the reason is always known. */
export interface PlacementFailure extends Failure { arn: string; reason: string }

export interface PlacementResult {
  /** The chosen instance's ARN for each placed task, in placement order. */
  placements: string[];
  /** For the first task that could not be placed: each instance and its reason. */
  failures: PlacementFailure[];
}

/** One instance's state while a call places its tasks. */
interface Slot {
  arn: string;
  free: Capacity;
  view: QueryInstance & { runningTasksCount: number; taskGroups: Map<string, number> };
  /** AGENT or ATTRIBUTE: reasons placing tasks cannot change. */
  fixed?: string;
  /** Per constraint, whether a static memberOf refuses the instance (evaluated once). */
  staticRefusal: boolean[];
}

export function placeTasks(instances: CandidateInstance[], request: PlacementRequest): PlacementResult {
  const active = instances.filter((i) => i.status === 'ACTIVE');
  if (active.length === 0) throw clientError('InvalidParameterException', 'No Container Instances were found in your cluster.');
  const slots = active.map((i) => slotOf(i, request));
  const spread = new SpreadCounts(request.strategies, slots, request.group);
  const dynamic = request.constraints.map((c) => c.type === 'memberOf' && isDynamic(c.query));
  const placements: string[] = [];
  for (let n = 0; n < request.count; n++) {
    const feasible: Slot[] = [];
    const refusals: PlacementFailure[] = [];
    for (const slot of slots) {
      const reason = refusal(slot, request, dynamic);
      if (reason) refusals.push({ arn: slot.arn, reason });
      else feasible.push(slot);
    }
    // Nothing changes until a task is placed, so every later task would fail the same way.
    if (feasible.length === 0) return { placements, failures: refusals };
    const chosen = choose(feasible, request, spread);
    place(chosen, request, spread);
    placements.push(chosen.arn);
  }
  return { placements, failures: [] };
}

/** What a cluster query reads of an instance (also ListContainerInstances' filter). */
export function queryViewOf(inst: CandidateInstance): QueryInstance & { taskGroups: Map<string, number> } {
  return {
    ec2InstanceId: inst.ec2InstanceId, agentConnected: inst.agentConnected, agentVersion: inst.agentVersion,
    registeredAt: inst.registeredAt, runningTasksCount: inst.runningTasksCount,
    attributes: new Map(inst.attributes.map((a) => [a.name, a.value])), taskGroups: new Map(Object.entries(inst.taskGroups)),
  };
}

function slotOf(inst: CandidateInstance, request: PlacementRequest): Slot {
  const view = queryViewOf(inst);
  const missing = (request.requiredAttributes ?? []).some((name) => !view.attributes.has(name));
  const fixed = !inst.agentConnected ? 'AGENT' : missing ? 'ATTRIBUTE' : undefined;
  const staticRefusal = request.constraints.map((c) => c.type === 'memberOf' && !isDynamic(c.query) && !evaluateQuery(c.query, view));
  return { arn: inst.containerInstanceArn, free: inst.free, view, fixed, staticRefusal };
}

/** The first reason the instance cannot take the task, in ECS's order: agent, attributes, resources, constraints. */
function refusal(slot: Slot, request: PlacementRequest, dynamic: boolean[]): string | undefined {
  if (slot.fixed) return slot.fixed;
  const resource = placementFailure(slot.free, request.demand);
  if (resource) return resource;
  for (let i = 0; i < request.constraints.length; i++) {
    const c = request.constraints[i];
    if (c.type === 'distinctInstance') {
      if ((slot.view.taskGroups.get(request.group) ?? 0) > 0) return DISTINCT_INSTANCE_UNSATISFIED;
    } else if (slot.staticRefusal[i] || (dynamic[i] && !evaluateQuery(c.query, slot.view))) {
      return MEMBER_OF_UNSATISFIED;
    }
  }
  return undefined;
}

/** Strategies in order, each keeping the lowest-scored instances; `random` ends the ranking. */
function choose(feasible: Slot[], request: PlacementRequest, spread: SpreadCounts): Slot {
  let pool = feasible;
  for (const strategy of request.strategies) {
    if (pool.length === 1 || strategy.type === 'random') break;
    const score = scorer(strategy, request.group, spread);
    // One pass: keep the slots scoring lowest so far, starting over when a lower score appears.
    const kept: Slot[] = [];
    let best = Infinity;
    for (const slot of pool) {
      const value = score(slot);
      if (value < best) {
        best = value;
        kept.length = 0;
      }
      if (value === best) kept.push(slot);
    }
    pool = kept;
  }
  return pool.length === 1 ? pool[0] : pool[Math.min(pool.length - 1, Math.floor(request.random() * pool.length))];
}

function scorer(strategy: Exclude<Strategy, { type: 'random' }>, group: string, spread: SpreadCounts): (slot: Slot) => number {
  if (strategy.type === 'binpack') return strategy.field === 'cpu' ? (s) => s.free.cpu : (s) => s.free.memory;
  const { field } = strategy;
  if (field.kind === 'instanceId') return (s) => s.view.taskGroups.get(group) ?? 0;
  const counts = spread.counts(field.name);
  return (s) => counts.get(s.view.attributes.get(field.name)) ?? 0;
}

function place(slot: Slot, request: PlacementRequest, spread: SpreadCounts): void {
  slot.free = remaining(slot.free, [request.demand]);
  slot.view.runningTasksCount++;
  slot.view.taskGroups.set(request.group, (slot.view.taskGroups.get(request.group) ?? 0) + 1);
  spread.add(slot);
}

/**
 * The group's task count per value of each attribute a spread strategy names, over all
 * active instances (an instance without the attribute counts under "no value").
 */
class SpreadCounts {
  private readonly byAttribute = new Map<string, Map<string | undefined, number>>();

  constructor(strategies: readonly Strategy[], slots: Slot[], group: string) {
    for (const s of strategies) {
      if (s.type === 'spread' && s.field.kind === 'attribute') this.byAttribute.set(s.field.name, new Map());
    }
    for (const slot of slots) this.add(slot, slot.view.taskGroups.get(group) ?? 0);
  }

  counts(attribute: string): ReadonlyMap<string | undefined, number> {
    return this.byAttribute.get(attribute)!;
  }

  add(slot: Slot, tasks = 1): void {
    for (const [name, counts] of this.byAttribute) {
      const value = slot.view.attributes.get(name);
      counts.set(value, (counts.get(value) ?? 0) + tasks);
    }
  }
}
