/** `berth spot interrupt <task-arn | host>`: a Spot interruption on demand, over the admin socket. */
import { AdminArgs, AdminError, AdminHandler } from '../../../platform/admin-socket.js';
import { Store } from '../../../state/store.js';
import { Clock } from '../../../platform/clock.js';
import { ContainerInstanceDoc } from '../domain/container-instances.js';
import { getHost, listHosts } from '../domain/hosts.js';
import { KIND, taskKeyFromArn } from '../domain/names.js';
import { interruptInstance, interruptTask, notInterruptible } from '../domain/spot.js';
import { TaskDoc } from '../domain/task-doc.js';

export function makeSpotAdmin(store: Store, clock: Clock): Record<string, AdminHandler> {
  async function interrupt(args: AdminArgs): Promise<unknown> {
    const target = typeof args.target === 'string' ? args.target : '';
    if (target.startsWith('arn:') && target.includes(':task/')) return interruptTaskArn(target);
    const host = getHost(store, target) ?? listHosts(store).find((h) => h.ec2InstanceId === target);
    if (!host) throw new AdminError(`${target.slice(0, 200)} is neither a task ARN nor a host`);
    const arn = host.registration?.containerInstanceArn;
    if (!arn) throw new AdminError(`host ${host.hostId} is not registered in a cluster`);
    return store.transact((tx) => {
      const rec = tx.list<ContainerInstanceDoc>(KIND.containerInstance).find((r) => r.doc.containerInstanceArn === arn);
      const drained = rec && interruptInstance(rec.doc);
      if (!rec || !drained) throw new AdminError(`container instance ${arn} is not ACTIVE`);
      tx.put(KIND.containerInstance, rec.id, drained);
      return { containerInstanceArn: arn, status: drained.status };
    });
  }

  function interruptTaskArn(arn: string): unknown {
    const key = taskKeyFromArn(arn);
    return store.transact((tx) => {
      const rec = key ? tx.get<TaskDoc>(KIND.task, key) : undefined;
      if (!rec) throw new AdminError(`no task ${arn.slice(0, 300)}`);
      const why = notInterruptible(rec.doc);
      if (why) throw new AdminError(why);
      const t = interruptTask(rec.doc, clock.now());
      tx.put(KIND.task, rec.id, t, rec.version);
      return { taskArn: t.taskArn, stopCode: t.stopCode, stoppedReason: t.stoppedReason };
    });
  }

  return { 'spot.interrupt': interrupt };
}
