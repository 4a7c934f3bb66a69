/**
 * Load-balancer registration of a service task: in ACTIVATING its targets are registered
 * (instance targets by the host port of the dynamic mapping, ip targets by the task's
 * address); in DEACTIVATING they are deregistered and the task waits for the draining
 * to end (or the target group's deregistration delay to pass) before it stops.
 */
import { ContainerInstanceDoc } from '../../services/ecs/domain/container-instances.js';
import { TargetRegistry } from '../../services/elbv2/domain/ports.js';
import { instanceKeyFromArn, KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { ReadTx } from '../../state/store.js';

export type Registered = NonNullable<TaskDoc['berth']['registeredTargets']>;

function instanceId(tx: ReadTx, t: TaskDoc): string | undefined {
  const key = instanceKeyFromArn(t.containerInstanceArn ?? '');
  return key ? tx.get<ContainerInstanceDoc>(KIND.containerInstance, key)?.doc.ec2InstanceId : undefined;
}

/** The targets a RUNNING task offers to each of its target groups. */
export function taskTargets(tx: ReadTx, t: TaskDoc, registry: TargetRegistry): Registered {
  const out: Registered = [];
  const ip = t.attachments.flatMap((a) => a.details).find((d) => d.name === 'privateIPv4Address')?.value;
  for (const lb of t.berth.loadBalancers ?? []) {
    const tg = lb.targetGroupArn && registry.targetGroup(lb.targetGroupArn);
    if (!tg || !lb.targetGroupArn) continue;
    if (tg.targetType === 'ip') {
      if (ip && lb.containerPort) out.push({ targetGroupArn: lb.targetGroupArn, id: ip, port: lb.containerPort });
      continue;
    }
    const container = t.containers.find((c) => c.name === lb.containerName);
    const binding = container?.networkBindings.find((b) => b.containerPort === lb.containerPort);
    const id = instanceId(tx, t);
    if (binding && id) out.push({ targetGroupArn: lb.targetGroupArn, id, port: binding.hostPort });
  }
  return out;
}

export function registerTargets(registry: TargetRegistry, targets: Registered): void {
  for (const r of targets) registry.register(r.targetGroupArn, [{ id: r.id, port: r.port }]);
}

export function deregisterTargets(registry: TargetRegistry, targets: Registered): void {
  for (const r of targets) registry.deregister(r.targetGroupArn, [{ id: r.id, port: r.port }]);
}

/** Whether the task may leave DEACTIVATING: no target still draining, or the longest delay has passed. */
export function drained(registry: TargetRegistry, targets: Registered, deregisteredAt: Date, now: Date): boolean {
  const delay = Math.max(0, ...targets.map((r) => registry.targetGroup(r.targetGroupArn)?.deregistrationDelaySeconds ?? 0));
  if (now.getTime() - deregisteredAt.getTime() >= delay * 1000) return true;
  return targets.every((r) => registry.state(r.targetGroupArn, r) !== 'draining');
}
