/**
 * RegisterContainerInstance. On AWS the container agent calls it; in Berth the operator
 * adds Docker hosts (`berth instances add`, domain/hosts.ts) and this call may only
 * register one of those again: an API caller can never make Berth reach a new engine.
 * The host's resources and versions are Berth's measurements, so `totalResources`,
 * `versionInfo` and `platformDevices` are not taken from the caller.
 */
import { Operations, RegisterContainerInstanceRequest } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { Tx } from '../../../state/store.js';
import { requireCluster, scopeOf } from '../domain/clusters.js';
import { validateName, validateValue, withAttributes } from '../domain/attributes.js';
import { ContainerInstanceDoc, findInstance } from '../domain/container-instances.js';
import { hostByInstanceId, HostDoc, registerHost } from '../domain/hosts.js';
import { KIND, Scope } from '../domain/names.js';
import { validateTags } from '../domain/tags.js';
import { instanceView } from './container-instances.js';
import { EcsDeps } from './context.js';

const ONLY_KNOWN_HOSTS = "Berth registers container instances with 'berth instances add' (or at start, for the local engine): " +
  'RegisterContainerInstance only registers again a host the operator added, named by the instanceId of its instanceIdentityDocument.';

/** The operator's host the identity document names. */
function hostOf(tx: Tx, input: RegisterContainerInstanceRequest): HostDoc {
  let instanceId: unknown;
  try {
    instanceId = (JSON.parse(input.instanceIdentityDocument ?? '') as { instanceId?: unknown } | null)?.instanceId;
  } catch {
    throw clientError('ClientException', ONLY_KNOWN_HOSTS);
  }
  const host = typeof instanceId === 'string' ? hostByInstanceId(tx, instanceId) : undefined;
  if (!host) throw clientError('ClientException', ONLY_KNOWN_HOSTS);
  return host;
}

/** The host's current registration, which a call naming its containerInstanceArn gets back. */
function currentRegistration(tx: Tx, scope: Scope, cluster: string, host: HostDoc, arn: string): ContainerInstanceDoc {
  const reg = host.registration;
  const rec = reg && reg.containerInstanceArn === arn && reg.cluster === cluster && reg.region === scope.region && reg.accountId === scope.accountId
    ? findInstance(tx, scope, cluster, arn) : undefined;
  if (!rec || rec.doc.status === 'INACTIVE') {
    throw clientError('ClientException', `${arn} is not the current registration of ${host.ec2InstanceId} in this cluster.`);
  }
  return rec.doc;
}

function registerNew(tx: Tx, scope: Scope, cluster: string, host: HostDoc, input: RegisterContainerInstanceRequest, now: Date): ContainerInstanceDoc {
  if (host.registration) {
    throw clientError('ClientException', `${host.ec2InstanceId} is already registered in cluster ${host.registration.cluster} as ` +
      `${host.registration.containerInstanceArn}; deregister it first.`);
  }
  const added = input.attributes ?? [];
  for (const a of added) {
    validateName(a.name);
    validateValue(a.value);
  }
  const tags = validateTags(input.tags);
  const registered = registerHost(tx, host, scope, cluster, now);
  const doc: ContainerInstanceDoc = { ...registered, attributes: withAttributes(registered.attributes, added), tags };
  const rec = findInstance(tx, scope, cluster, doc.containerInstanceArn)!;
  tx.put(KIND.containerInstance, rec.id, doc, rec.version);
  return doc;
}

export function makeInstanceRegistrationOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store, clock } = deps;
  return {
    RegisterContainerInstance(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster).clusterName;
        const host = hostOf(tx, input);
        const doc = input.containerInstanceArn
          ? currentRegistration(tx, scope, cluster, host, input.containerInstanceArn)
          : registerNew(tx, scope, cluster, host, input, clock.now());
        return { containerInstance: instanceView(tx, scope, cluster, doc, true) };
      });
    },
  };
}
