/**
 * HAProxy outlives a Berth crash so that the next Berth adopts it with no gap in service,
 * but it must never be left behind for good. The master runs this script as a `program`:
 * it stops HAProxy once its data dir is gone, or once no live process has owned it (the
 * pid in owner.pid, written by each Berth on start) for ORPHAN_GRACE_SECONDS.
 *
 * A reload re-executes the master with the pids of the old generation's workers and
 * programs in `-sf`, so it ends the running watchdog; the program section therefore has
 * `option start-on-reload` (render.ts), and each generation gets a fresh watchdog, which
 * keeps watching the same owner.pid. ($PPID stays the master: a reload re-executes it in
 * place.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decimalIn } from '../../services/elbv2/domain/formats.js';

/** 60 s, or BERTH_LB_ORPHAN_GRACE_SECONDS (1–86400) as read at Berth's start: tests shorten it. */
export const ORPHAN_GRACE_SECONDS = decimalIn(process.env.BERTH_LB_ORPHAN_GRACE_SECONDS, 1, 86400) ?? 60;

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
