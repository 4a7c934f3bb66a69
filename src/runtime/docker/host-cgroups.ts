/**
 * Task-level resource limits as a parent cgroup that all of a task's containers live
 * under (Docker's CgroupParent), so the task's memory and cpu bound the containers'
 * total, as on Fargate. Only possible when the engine is on this host and uses the
 * cgroupfs driver; otherwise callers fall back to per-container limits.
 */
import { existsSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CgroupLimits { memoryBytes?: number; nanoCpus?: number }

/** The CFS period the kernel defaults to: 100 ms. */
const CFS_PERIOD_US = 100_000;
const PARENT = 'berth';

export class HostCgroups {
  constructor(private readonly root: string, private readonly version: '1' | '2') {}

  /** Creates (or updates) the task's cgroup; returns Docker's CgroupParent for it. */
  async create(name: string, limits: CgroupLimits): Promise<string> {
    const quota = limits.nanoCpus ? Math.max(1000, Math.round((limits.nanoCpus / 1e9) * CFS_PERIOD_US)) : undefined;
    if (this.version === '2') await this.createV2(name, limits.memoryBytes, quota);
    else await this.createV1(name, limits.memoryBytes, quota);
    return `/${PARENT}/${name}`;
  }

  /** Removes the task's cgroup once its containers are gone; a busy or missing one is left alone. */
  async remove(name: string): Promise<void> {
    const dirs = this.version === '2' ? [join(this.root, PARENT, name)] : ['memory', 'cpu', 'cpuacct', 'cpuset', 'pids', 'blkio', 'devices', 'freezer', 'systemd']
      .map((s) => join(this.root, s, PARENT, name));
    await Promise.all(dirs.map((d) => rmdir(d).catch(() => undefined)));
  }

  private async createV1(name: string, memory: number | undefined, quota: number | undefined): Promise<void> {
    if (memory) {
      const dir = join(this.root, 'memory', PARENT, name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'memory.limit_in_bytes'), String(memory));
    }
    if (quota) {
      const dir = join(this.root, 'cpu', PARENT, name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
      await writeFile(join(dir, 'cpu.cfs_quota_us'), String(quota));
    }
  }

  private async createV2(name: string, memory: number | undefined, quota: number | undefined): Promise<void> {
    const parent = join(this.root, PARENT);
    await mkdir(join(parent, name), { recursive: true });
    // Controllers must be delegated down each level before a child can use them.
    await writeFile(join(this.root, 'cgroup.subtree_control'), '+memory +cpu').catch(() => undefined);
    await writeFile(join(parent, 'cgroup.subtree_control'), '+memory +cpu').catch(() => undefined);
    if (memory) await writeFile(join(parent, name, 'memory.max'), String(memory));
    if (quota) await writeFile(join(parent, name, 'cpu.max'), `${quota} ${CFS_PERIOD_US}`);
  }
}

/** HostCgroups when this process can manage the engine's cgroups, else undefined. */
export function hostCgroups(engine: { local: boolean; cgroupDriver?: string; cgroupVersion?: string }, root = '/sys/fs/cgroup'): HostCgroups | undefined {
  if (!engine.local || engine.cgroupDriver !== 'cgroupfs') return undefined;
  if (process.getuid?.() !== 0) return undefined;
  const version = engine.cgroupVersion === '2' ? '2' : '1';
  const probe = version === '2' ? join(root, 'cgroup.controllers') : join(root, 'memory');
  return existsSync(probe) ? new HostCgroups(root, version) : undefined;
}
