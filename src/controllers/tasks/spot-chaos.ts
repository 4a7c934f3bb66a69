/**
 * Chaos testing: reclaims running FARGATE_SPOT tasks at random, at the operator's rate
 * (`--spot-interruption-rate`, interruptions per task-hour), exactly as `berth spot interrupt`
 * does, so services can be watched living with Spot.
 */
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { Store } from '../../state/store.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { chaosVictims, interruptionChance, interruptTask } from '../../services/ecs/domain/spot.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';

const TICK_MS = 5000;

export class SpotChaos {
  private timer?: NodeJS.Timeout;

  constructor(private readonly deps: { store: Store; clock: Clock; log: Logger; perHour: number; random?: () => number }) {}

  start(): void {
    if (this.deps.perHour <= 0) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One draw for every running Spot task; returns the ARNs reclaimed. */
  tick(): string[] {
    const { store, clock, log, perHour } = this.deps;
    const chance = interruptionChance(perHour, TICK_MS);
    try {
      return store.transact((tx) => {
        const tasks = tx.list<TaskDoc>(KIND.task);
        const victims = new Set(chaosVictims(tasks.map((r) => r.doc), chance, this.deps.random ?? Math.random));
        for (const rec of tasks) if (victims.has(rec.doc)) tx.put(KIND.task, rec.id, interruptTask(rec.doc, clock.now()), rec.version);
        return [...victims].map((t) => t.taskArn);
      });
    } catch (err) {
      log.warn('Spot chaos could not reclaim tasks', { err });
      return [];
    }
  }
}
