/**
 * HAProxy outlives a Berth crash so that the next Berth adopts it with no gap in service,
 * but it must never be left behind for good. The master runs this script as a `program`:
 * it stops HAProxy once its data dir is gone, or once no live process has owned it (the
 * pid in owner.pid, written by each Berth on start) for 60 s.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ORPHAN_GRACE_SECONDS = 60;

export function writeWatchdog(runDir: string, ownerPid = process.pid): void {
  writeFileSync(join(runDir, 'owner.pid'), `${ownerPid}\n`);
  writeFileSync(join(runDir, 'watchdog.sh'), `#!/bin/sh
dir=$(dirname "$0")
gone=0
while [ -d "$dir" ]; do
  if kill -0 "$(cat "$dir/owner.pid" 2>/dev/null)" 2>/dev/null; then gone=0; else gone=$((gone + 1)); fi
  [ "$gone" -ge ${ORPHAN_GRACE_SECONDS} ] && break
  sleep 1
done
kill "$PPID"
`);
}
