/**
 * A local image that runs Node.js (the host's own binary and the shared libraries `ldd`
 * lists, beside static busybox), for tasks that run an unmodified AWS SDK script. The
 * SDK itself comes from the checkout's node_modules, bind-mounted read-only by the task.
 * Built with `docker import`: no registry is involved.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { BUSYBOX_SOURCE } from './busybox-image.js';

const run = promisify(execFile);

async function exists(ref: string): Promise<boolean> {
  return run('docker', ['image', 'inspect', '--format', '{{.Id}}', ref]).then(() => true, () => false);
}

/** The absolute paths of the shared objects a binary loads. */
async function libraries(binary: string): Promise<string[]> {
  const { stdout } = await run('ldd', [binary]);
  return stdout.split('\n').map((line) => /(\/\S+) \(0x/.exec(line)?.[1]).filter((p): p is string => p !== undefined);
}

async function copyInto(root: string, path: string, mode = 0o755): Promise<void> {
  await mkdir(join(root, dirname(path)), { recursive: true });
  await copyFile(path, join(root, path));
  await chmod(join(root, path), mode);
}

export async function ensureNodeImage(ref = 'berth-test/node:1'): Promise<string> {
  if (await exists(ref)) return ref;
  const work = await mkdtemp(join(tmpdir(), 'berth-node-'));
  try {
    const root = join(work, 'rootfs');
    const node = process.execPath;
    for (const path of [node, ...(await libraries(node))]) await copyInto(root, path);
    await copyInto(root, BUSYBOX_SOURCE);
    await mkdir(join(root, 'tmp'), { mode: 0o1777 });
    await mkdir(join(root, 'app'));
    for (const applet of ['sh', 'cat', 'wget', 'sleep', 'env']) await symlink(BUSYBOX_SOURCE, join(root, 'bin', applet)).catch(() => undefined);
    const tarPath = join(work, 'rootfs.tar');
    await run('tar', ['--numeric-owner', '-C', root, '-cf', tarPath, '.']);
    await run('docker', ['import', '--change', `ENV PATH=/bin:/usr/bin NODE_PATH=/app/node_modules`, '--change', `LABEL berth.test.image=${ref}`, tarPath, ref]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return ref;
}
