/**
 * Taking a task down: DEACTIVATING → STOPPING (containers stopped in reverse dependency
 * order with their stopTimeout) → DEPROVISIONING (network namespace released) → STOPPED.
 * Stops run in the background so a slow container never holds a worker; its `die`
 * event brings the task back to the queue.
 */
import { ContainerRuntime } from '../../runtime/runtime.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { cgroupName, stopTimeoutOf, volumeName } from './container-spec.js';
import { TaskControllerDeps, TaskPass } from './deps.js';
import { stoppable } from './lifecycle.js';
import { observeAll } from './observe.js';

export class StopTracker {
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: TaskControllerDeps, private readonly requeue: (key: string) => void) {}

  /** Sends stops for what may stop now; true when every container has stopped. */
  stopContainers(p: TaskPass, runtime: ContainerRuntime): boolean {
    const observed = observeAll(p.containers);
    const anyRunning = Object.values(observed).some((o) => o?.running);
    if (!anyRunning) return true;
    for (const name of stoppable(p.t.berth.containers, observed)) {
      const state = p.containers.byName[name];
      if (this.inFlight.has(state.id)) continue;
      const def = p.t.berth.containers.find((c) => c.name === name)!;
      this.inFlight.add(state.id);
      runtime.stopContainer(state.id, { timeoutSeconds: stopTimeoutOf(def) })
        .catch((e) => this.deps.log.warn('stopping a container failed', { container: state.id, err: e }))
        .finally(() => {
          this.inFlight.delete(state.id);
          this.requeue(p.key);
        });
    }
    return false;
  }
}

/** Releases what the running task held: its network namespace and its parent cgroup. */
export async function releaseResources(p: TaskPass, deps: TaskControllerDeps): Promise<void> {
  await deps.runtime.removeCgroup(cgroupName(p.t));
  const pause = p.containers.pause;
  if (pause) await deps.runtime.removeContainer(pause.id, { force: true });
  p.containers.pause = undefined;
  p.t.attachments = p.t.attachments.map((a) => ({ ...a, status: 'DELETED' }));
}

/** Removes what a stopped task left behind once its retention has passed. */
export async function cleanUp(t: TaskDoc, p: TaskPass, deps: TaskControllerDeps): Promise<void> {
  const all = [...Object.values(p.containers.byName), ...p.containers.extras, ...(p.containers.pause ? [p.containers.pause] : [])];
  for (const c of all) await deps.runtime.removeContainer(c.id, { force: true, removeVolumes: true });
  for (const v of t.berth.volumes) {
    if (v.host?.sourcePath || v.dockerVolumeConfiguration?.scope === 'shared') continue;
    await deps.runtime.removeVolume(volumeName(t, v)).catch(() => undefined);
  }
}
