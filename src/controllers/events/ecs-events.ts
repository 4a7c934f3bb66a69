/**
 * Turns committed task and container-instance changes into ECS events (the
 * EventBridge form, services/ecs/domain/events.ts) and appends them to the event journal.
 * Changes are gathered and written in one transaction per turn of the event loop, so a
 * burst of task transitions costs one commit rather than one per event.
 */
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { loadModel, ServiceModel } from '../../protocol/model.js';
import { Change, Store } from '../../state/store.js';
import { ContainerInstanceDoc, freeCapacity, resources } from '../../services/ecs/domain/container-instances.js';
import { appendEvents } from '../../services/ecs/domain/event-journal.js';
import {
  EcsEvent, ecsEvent, INSTANCE_STATE_CHANGE, instanceDetail, isAnnounced, TASK_STATE_CHANGE, taskDetail,
} from '../../services/ecs/domain/events.js';
import { clusterArn, KIND, Scope, scopePrefix } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';

export interface EcsEventDeps { store: Store; clock: Clock; log: Logger }

/** `<region>/<account>/<cluster>/<id>` → its scope and cluster. */
function placeOf(id: string): { scope: Scope; cluster: string } {
  const [region, accountId, cluster] = id.split('/');
  return { scope: { region, accountId }, cluster };
}

export class EcsEventJournal {
  private readonly model: ServiceModel = loadModel('ecs');
  private pending = new Map<string, { scope: Scope; events: EcsEvent[] }>();
  private flushing?: NodeJS.Immediate;
  private unwatch?: () => void;

  constructor(private readonly deps: EcsEventDeps) {}

  start(): void {
    this.unwatch = this.deps.store.watch((c) => this.onChange(c));
  }

  stop(): void {
    this.unwatch?.();
    if (this.flushing) clearImmediate(this.flushing);
    this.flush();
  }

  private onChange(change: Change): void {
    if (!change.record) return;
    const now = this.deps.clock.now();
    if (change.kind === KIND.task) {
      const task = change.record.doc as TaskDoc;
      if (!isAnnounced(TASK_STATE_CHANGE, change.previous as object | undefined, task)) return;
      const { scope } = placeOf(change.id);
      this.add(scope, ecsEvent(TASK_STATE_CHANGE, scope, task.taskArn, taskDetail(this.model, task, now), now));
    } else if (change.kind === KIND.containerInstance) {
      const inst = change.record.doc as ContainerInstanceDoc;
      if (!isAnnounced(INSTANCE_STATE_CHANGE, change.previous as object | undefined, inst)) return;
      const { scope, cluster } = placeOf(change.id);
      const free = inst.status === 'INACTIVE' ? inst.registered : freeCapacity(this.deps.store, scope, cluster, inst);
      const wire = { ...inst, registeredResources: resources(inst.registered), remainingResources: resources(free) };
      this.add(scope, ecsEvent(INSTANCE_STATE_CHANGE, scope, inst.containerInstanceArn, instanceDetail(this.model, wire, clusterArn(scope, cluster), now), now));
    }
  }

  private add(scope: Scope, event: EcsEvent): void {
    const key = scopePrefix(scope);
    const batch = this.pending.get(key) ?? { scope, events: [] };
    batch.events.push(event);
    this.pending.set(key, batch);
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = undefined;
    const batches = [...this.pending.values()];
    this.pending = new Map();
    if (batches.length === 0) return;
    try {
      this.deps.store.transact((tx) => {
        for (const b of batches) appendEvents(tx, b.scope, b.events);
      });
    } catch (err) {
      // The journal is a record for the operator: losing a batch must not stop the controllers.
      this.deps.log.error('ECS events were not recorded', { err, events: batches.reduce((n, b) => n + b.events.length, 0) });
    }
  }
}
