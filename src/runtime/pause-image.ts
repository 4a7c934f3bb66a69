/**
 * The awsvpc pause image, built locally from Debian's static busybox (package
 * busybox-static) because no registry can be assumed reachable.
 */
import { readFileSync, existsSync } from 'node:fs';
import { ContainerRuntime } from './runtime.js';
import { tarball } from './rootfs-tar.js';

export const PAUSE_IMAGE = 'berth/pause:1';
export const BUSYBOX_PATH = '/bin/busybox';

export async function ensurePauseImage(runtime: ContainerRuntime): Promise<string> {
  if (await runtime.imageExists(PAUSE_IMAGE)) return PAUSE_IMAGE;
  if (!existsSync(BUSYBOX_PATH)) {
    throw new Error(`${BUSYBOX_PATH} is missing: install Debian's busybox-static package (npm start does this when run as root)`);
  }
  const tar = tarball([
    { type: 'dir', path: 'bin' },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'file', path: 'bin/busybox', data: readFileSync(BUSYBOX_PATH), mode: 0o755 },
    { type: 'symlink', path: 'bin/sleep', target: 'busybox' },
    { type: 'symlink', path: 'bin/sh', target: 'busybox' },
  ]);
  await runtime.importImage(PAUSE_IMAGE, tar, ['CMD ["sleep","2147483647"]', 'ENV PATH=/bin']);
  return PAUSE_IMAGE;
}
