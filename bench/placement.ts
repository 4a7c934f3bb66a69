/**
 * Task placement decisions per second: 10,000 tasks onto 1,000 container instances in
 * three Availability Zones, with a realistic mix (spread by zone, then binpack on memory,
 * a memberOf constraint on the instance type), against the baseline of the same engine
 * with only the `random` strategy (the feasibility scan every decision needs). Then the cost
 * of one decision as the fleet and the task count grow: it should grow with instances
 * (O(instances) per task) and stay flat with tasks.
 * Run: npx tsc -p . && node dist/bench/placement.js
 */
import { AGENT_RESERVED_PORTS, Demand } from '../src/services/ecs/domain/placement.js';
import { validatePlacementConstraints } from '../src/services/ecs/domain/placement/constraints.js';
import { CandidateInstance, placeTasks, PlacementRequest } from '../src/services/ecs/domain/placement/place.js';
import { validatePlacementStrategy } from '../src/services/ecs/domain/placement/strategies.js';
import { median } from './bench-support.js';

const INSTANCES = 1_000;
const TASKS = 10_000;
const RUNS = 3;
const TYPES = ['m5.large', 'm5.xlarge', 'm5.2xlarge', 'c5.2xlarge'];
const DEMAND: Demand = { cpu: 256, memory: 512, tcpPorts: [], udpPorts: [] };

/** A seeded generator (mulberry32), so every run places the same way. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fleet(size: number): CandidateInstance[] {
  const random = seeded(7);
  return Array.from({ length: size }, (_, i) => {
    const type = TYPES[i % TYPES.length];
    const vcpus = 2 ** (1 + TYPES.indexOf(type) % 3);
    return {
      containerInstanceArn: `arn:aws:ecs:us-east-1:123456789012:container-instance/bench/${i}`, ec2InstanceId: `i-${i.toString(16).padStart(17, '0')}`,
      status: 'ACTIVE', agentConnected: true, agentVersion: '1.89.0', registeredAt: 0,
      attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${'abc'[i % 3]}` }, { name: 'ecs.instance-type', value: type }, { name: 'ecs.os-type', value: 'linux' }],
      // Instances are partly used already, unevenly, as in a live cluster.
      free: { cpu: vcpus * 1024 * 4, memory: Math.floor(vcpus * 4096 * 4 * (0.5 + random() / 2)), tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [] },
      runningTasksCount: 0, taskGroups: {},
    };
  });
}

const REALISTIC = {
  strategies: validatePlacementStrategy([{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }]),
  constraints: validatePlacementConstraints([{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m5.* and attribute:ecs.os-type == linux' }]),
};
const RANDOM_ONLY = { strategies: validatePlacementStrategy([{ type: 'random' }]), constraints: [] };

/** Decisions per second of one placeTasks call for `tasks` tasks. */
function engineRate(instances: CandidateInstance[], tasks: number, mix: Pick<PlacementRequest, 'strategies' | 'constraints'>): number {
  const t0 = performance.now();
  const { placements, failures } = placeTasks(instances, { count: tasks, demand: DEMAND, group: 'service:bench', random: seeded(1), ...mix });
  const ms = performance.now() - t0;
  if (placements.length !== tasks) throw new Error(`placed ${placements.length} of ${tasks}: ${failures[0]?.reason}`);
  return tasks / (ms / 1000);
}

const best = (measure: () => number) => median(Array.from({ length: RUNS }, measure));

function main(): void {
  const instances = fleet(INSTANCES);
  engineRate(instances, 1_000, REALISTIC); // warm the JIT
  const realistic = best(() => engineRate(instances, TASKS, REALISTIC));
  const random = best(() => engineRate(instances, TASKS, RANDOM_ONLY));
  console.log(`${TASKS} tasks onto ${INSTANCES} instances, median of ${RUNS} runs:`);
  console.log('| placement | decisions/s | vs random strategy |');
  console.log('| --- | --- | --- |');
  console.log(`| spread by zone + binpack memory + memberOf | ${realistic.toFixed(0)} | ${(realistic / random).toFixed(2)} |`);
  console.log(`| random strategy (baseline, same engine) | ${random.toFixed(0)} | 1.00 |`);
  console.log('');
  console.log('µs per decision (realistic mix): flat across task counts, proportional to instances');
  console.log('| instances \\ tasks | 2,500 | 5,000 | 10,000 |');
  console.log('| --- | --- | --- | --- |');
  for (const size of [250, 500, 1_000]) {
    const row = [2_500, 5_000, 10_000].map((tasks) => (1e6 / best(() => engineRate(fleet(size), tasks, REALISTIC))).toFixed(1));
    console.log(`| ${size} | ${row.join(' | ')} |`);
  }
}

main();
