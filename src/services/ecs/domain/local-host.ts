/** Keeps the local engine's container-instance registrations in line with the setting at start-up. */
import { Store } from '../../../state/store.js';
import { ClusterDoc } from './clusters.js';
import { ContainerInstanceDoc, localInstanceDoc } from './container-instances.js';
import { KIND } from './names.js';

export interface LocalHost {
  /** Register the local Docker Engine as a container instance of every cluster. */
  autoRegister: boolean;
  cpus: number;
  memoryMiB: number;
  hostname: string;
  dockerVersion: string;
}

export function registerLocalInstances(store: Store, host: LocalHost, now: Date): void {
  store.transact((tx) => {
    for (const rec of tx.list<ClusterDoc>(KIND.cluster)) {
      if (rec.doc.status !== 'ACTIVE') continue;
      const [region, accountId] = rec.id.split('/');
      if (host.autoRegister) localInstanceDoc(tx, { region, accountId }, rec.doc.clusterName, host, now);
    }
    if (host.autoRegister) return;
    for (const inst of tx.list<ContainerInstanceDoc>(KIND.containerInstance)) {
      if (inst.doc.local && inst.doc.status !== 'INACTIVE') tx.put(KIND.containerInstance, inst.id, { ...inst.doc, status: 'INACTIVE' });
    }
  });
}
