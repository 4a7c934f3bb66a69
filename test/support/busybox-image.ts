/**
 * Builds tiny local test images without any registry: a rootfs holding Debian's
 * static busybox (package busybox-static) is tarred and `docker import`ed.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, symlink, writeFile, copyFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const BUSYBOX_SOURCE = '/bin/busybox';

const APPLETS = [
  'sh', 'sleep', 'echo', 'cat', 'wget', 'httpd', 'nc', 'true', 'false', 'env', 'ls',
  'hostname', 'id', 'kill', 'ps', 'touch', 'mkdir', 'test',
];

/**
 * Makes sure `ref` exists locally and returns it. Each ref gets its own label and
 * env value, so two tags are two distinct images (distinct ids and configs).
 * Two processes racing on a missing ref both import; the later tag wins, harmlessly.
 */
export async function ensureBusyboxImage(ref = 'berth-test/busybox:1'): Promise<string> {
  if (await imageExists(ref)) return ref;
  await access(BUSYBOX_SOURCE).catch(() => {
    throw new Error(`${BUSYBOX_SOURCE} is missing: install the busybox-static package (apt-get install busybox-static)`);
  });
  const work = await mkdtemp(join(tmpdir(), 'berth-busybox-'));
  try {
    const root = join(work, 'rootfs');
    await writeRootfs(root);
    const tarPath = join(work, 'rootfs.tar');
    // --numeric-owner keeps root:root ownership independent of the host's user names.
    await run('tar', ['--numeric-owner', '-C', root, '-cf', tarPath, '.']);
    await run('docker', [
      'import',
      '--change', `LABEL berth.test.image=${ref}`,
      '--change', `ENV BERTH_TEST_IMAGE=${ref} PATH=/bin`,
      '--change', 'CMD ["sh"]',
      tarPath, ref,
    ]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return ref;
}

async function imageExists(ref: string): Promise<boolean> {
  try {
    await run('docker', ['image', 'inspect', '--format', '{{.Id}}', ref]);
    return true;
  } catch {
    return false;
  }
}

async function writeRootfs(root: string): Promise<void> {
  const bin = join(root, 'bin');
  await mkdir(bin, { recursive: true });
  await mkdir(join(root, 'etc'));
  await mkdir(join(root, 'tmp'));
  await chmod(join(root, 'tmp'), 0o1777);
  await copyFile(BUSYBOX_SOURCE, join(bin, 'busybox'));
  await chmod(join(bin, 'busybox'), 0o755);
  for (const applet of APPLETS) await symlink('busybox', join(bin, applet));
  await writeFile(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  await writeFile(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
}
