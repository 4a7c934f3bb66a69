/**
 * Which of a service's tasks to stop when it scales in. The service's placement
 * strategies run in reverse: spread stops a task where the service has the most (the
 * fullest Availability Zone, then the fullest instance within it), binpack stops one on
 * the instance that will have the most of the resource left, random picks at random;
 * ties go to the next strategy, and what remains is broken by the random source (within a
 * zone ECS picks tasks at random).
 */
import { Attribute } from '../../../../protocol/generated/ecs.js';
import { Demand } from '../placement.js';
import { Strategy } from './strategies.js';

export interface RunningTask {
  taskArn: string;
  containerInstanceArn: string;
  demand: Demand;
}

export interface TaskHost {
  containerInstanceArn: string;
  attributes: Attribute[];
  /** What the instance has left now, before any task is stopped. */
  free: { cpu: number; memory: number };
}

interface HostState { attributes: Map<string, string | undefined>; free: { cpu: number; memory: number }; tasks: number }

/** Up to `count` of the service's `tasks` to stop, in the order they were chosen. */
export function tasksToStop(tasks: RunningTask[], hosts: TaskHost[], count: number, strategies: readonly Strategy[], random: () => number): string[] {
  const state = new Map<string, HostState>();
  const stateOf = (arn: string): HostState => {
    let s = state.get(arn);
    if (!s) state.set(arn, s = { attributes: new Map(), free: { cpu: 0, memory: 0 }, tasks: 0 });
    return s;
  };
  for (const h of hosts) state.set(h.containerInstanceArn, { attributes: new Map(h.attributes.map((a) => [a.name, a.value])), free: { ...h.free }, tasks: 0 });
  for (const t of tasks) stateOf(t.containerInstanceArn).tasks++;
  const buckets = new AttributeCounts(strategies, tasks, stateOf);
  let left = [...tasks];
  const stopped: string[] = [];
  while (stopped.length < count && left.length > 0) {
    const victim = choose(left, strategies, stateOf, buckets, random);
    const host = stateOf(victim.containerInstanceArn);
    host.tasks--;
    host.free.cpu += victim.demand.cpu;
    host.free.memory += victim.demand.memory;
    buckets.remove(host);
    left = left.filter((t) => t !== victim);
    stopped.push(victim.taskArn);
  }
  return stopped;
}

function choose(pool: RunningTask[], strategies: readonly Strategy[], stateOf: (arn: string) => HostState, buckets: AttributeCounts,
  random: () => number): RunningTask {
  for (const strategy of strategies) {
    if (pool.length === 1 || strategy.type === 'random') break;
    const score = (t: RunningTask): number => {
      const host = stateOf(t.containerInstanceArn);
      if (strategy.type === 'binpack') return host.free[strategy.field] + t.demand[strategy.field];
      return strategy.field.kind === 'instanceId' ? host.tasks : buckets.count(strategy.field.name, host);
    };
    let best = -Infinity;
    for (const t of pool) best = Math.max(best, score(t));
    pool = pool.filter((t) => score(t) === best);
  }
  return pool.length === 1 ? pool[0] : pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))];
}

/** The service's task count per value of each attribute a spread strategy names. */
class AttributeCounts {
  private readonly byAttribute = new Map<string, Map<string | undefined, number>>();

  constructor(strategies: readonly Strategy[], tasks: RunningTask[], stateOf: (arn: string) => HostState) {
    for (const s of strategies) {
      if (s.type === 'spread' && s.field.kind === 'attribute') this.byAttribute.set(s.field.name, new Map());
    }
    for (const t of tasks) this.change(stateOf(t.containerInstanceArn), 1);
  }

  count(attribute: string, host: HostState): number {
    return this.byAttribute.get(attribute)!.get(host.attributes.get(attribute)) ?? 0;
  }

  remove(host: HostState): void {
    this.change(host, -1);
  }

  private change(host: HostState, delta: number): void {
    for (const [name, counts] of this.byAttribute) {
      const value = host.attributes.get(name);
      counts.set(value, (counts.get(value) ?? 0) + delta);
    }
  }
}
