/**
 * The operator's host-access policy (the --allow-* settings): what task definitions may
 * take from the host on the EC2 launch type, where ECS itself allows host mounts,
 * privileged containers, added capabilities and host namespaces. Fargate refuses these
 * on its own (task-definition-rules.ts). Checked at RegisterTaskDefinition and again at
 * every launch, since the settings may change between runs.
 */
import { HostAccessPolicy, normaliseCapability, normaliseHostPath } from '../../../platform/config.js';
import { ContainerDef, TaskDefInput, VolumeDef } from './task-definition-rules.js';

/** Today's ECS behaviour: everything allowed. */
export const ALLOW_ALL: HostAccessPolicy = { allowHostMounts: 'any', allowPrivileged: true, allowCapabilities: 'any', allowHostNamespaces: true };

/**
 * The host path a volume exposes, if any: `host.sourcePath`, or the `device` of the local
 * driver when its mount options bind (`o=bind`) or the device is a path (a block device,
 * or a CIFS `//server/share`, which cannot be told apart from a path here).
 */
export function hostPathOf(v: VolumeDef): string | undefined {
  if (v.host?.sourcePath) return v.host.sourcePath;
  const cfg = v.dockerVolumeConfiguration;
  if (!cfg || (cfg.driver ?? 'local') !== 'local') return undefined;
  const opts = cfg.driverOpts ?? {};
  const binds = (opts.o ?? '').split(',').some((o) => ['bind', 'rbind'].includes(o.trim()));
  if (binds) return opts.device ?? '';
  return opts.device?.startsWith('/') ? opts.device : undefined;
}

/** Whether `path` lies under one of the normalised `prefixes`, compared component by component. */
export function underPrefix(path: string, prefixes: string[]): boolean {
  const p = normaliseHostPath(path);
  if (p === undefined) return false;
  return prefixes.some((prefix) => prefix === '/' || p === prefix || p.startsWith(`${prefix}/`));
}

function hostMountProblem(v: VolumeDef, allowed: HostAccessPolicy['allowHostMounts']): string | undefined {
  const path = hostPathOf(v);
  if (path === undefined || allowed === 'any') return undefined;
  const how = v.host?.sourcePath ? `host.sourcePath '${path}'` : `dockerVolumeConfiguration.driverOpts device '${path}'`;
  if (allowed.length === 0) return `Host bind mounts are disabled by the Berth operator (--allow-host-mounts): volume '${v.name}' uses ${how}.`;
  if (underPrefix(path, allowed)) return undefined;
  // A relative path would be resolved by whoever mounts it; only absolute ones can be checked.
  if (normaliseHostPath(path) === undefined) return `Host bind mounts must name an absolute path when the Berth operator limits them (--allow-host-mounts): volume '${v.name}' uses ${how}.`;
  return `Host bind mounts outside ${allowed.join(', ')} are disabled by the Berth operator (--allow-host-mounts): volume '${v.name}' uses ${how}.`;
}

function containerProblem(c: ContainerDef, policy: HostAccessPolicy): string | undefined {
  if (c.privileged && !policy.allowPrivileged) return `Privileged containers are disabled by the Berth operator (--allow-privileged): container '${c.name}'.`;
  const allowed = policy.allowCapabilities;
  if (allowed === 'any') return undefined;
  const added = (c.linuxParameters?.capabilities?.add ?? []).map((cap) => normaliseCapability(cap) ?? cap);
  const denied = added.filter((cap) => !allowed.includes(cap) && !allowed.includes('ALL'));
  if (denied.length === 0) return undefined;
  const which = allowed.length === 0 ? 'Adding Linux capabilities is' : `Adding Linux capabilities other than ${allowed.join(', ')} is`;
  return `${which} disabled by the Berth operator (--allow-capabilities): container '${c.name}' adds ${denied.join(', ')}.`;
}

/** Why the operator's policy refuses this definition, or undefined. */
export function hostAccessProblem(td: TaskDefInput, policy: HostAccessPolicy): string | undefined {
  if (!policy.allowHostNamespaces) {
    const shared = (['networkMode', 'pidMode', 'ipcMode'] as const).find((k) => td[k] === 'host');
    if (shared) return `Host namespaces are disabled by the Berth operator (--allow-host-namespaces): ${shared} 'host'.`;
  }
  for (const v of td.volumes ?? []) {
    const problem = hostMountProblem(v, policy.allowHostMounts);
    if (problem) return problem;
  }
  for (const c of td.containerDefinitions) {
    const problem = containerProblem(c, policy);
    if (problem) return problem;
  }
  return undefined;
}
