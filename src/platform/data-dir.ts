/**
 * The data dir holds task environments (state.db), registry blobs and root credentials:
 * only Berth's user may enter it. A directory that already existed keeps whatever mode it
 * was made with, so Berth tightens it on every start, and refuses one it does not own.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirError extends Error {}

export function secureDataDir(dir: string, uid = process.getuid?.()): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new DataDirError(`cannot create data dir ${dir}: ${(e as Error).message}`);
  }
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new DataDirError(`data dir ${dir} is not a directory`);
  if (uid !== undefined && stat.uid !== uid) {
    throw new DataDirError(`data dir ${dir} belongs to uid ${stat.uid}, not to the user running Berth (uid ${uid}); choose another --data-dir or chown it`);
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  // Files written before this rule existed (state.db and its WAL, owner-id) become private too.
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && (lstatSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    if (entry.isDirectory() && (lstatSync(path).mode & 0o077) !== 0) chmodSync(path, 0o700);
  }
}
