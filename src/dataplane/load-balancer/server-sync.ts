/**
 * Applies server changes to the running HAProxy over its admin socket, without a reload
 * (HAProxy 2.6 dynamic servers): new targets are added in maintenance, checked, enabled
 * and marked down until they pass the healthy threshold; draining targets stop taking new
 * requests; removed ones are put in maintenance, their sessions cut, and deleted.
 */
import { expectReply, cliCommand } from './runtime-api.js';
import { ServerEntry } from './render.js';

export const serverId = (s: ServerEntry) => `${s.backend}/${s.name}`;

export async function addServer(sock: string, s: ServerEntry): Promise<void> {
  await expectReply(sock, `add server ${serverId(s)} ${s.addr}:${s.port} ${s.params}`.trimEnd(), 'New server registered');
  if (s.checked) await expectReply(sock, `enable health ${serverId(s)}`, /^\s*$/);
  await expectReply(sock, `set server ${serverId(s)} state ready`, /^\s*$/);
  // HAProxy 2.6 computes no dynamic cookie for a server added at run time until asked to.
  if (s.sticky) await expectReply(sock, `enable dynamic-cookie backend ${s.backend}`, /^\s*$/);
  if (s.checked) await markDown(sock, s);
}

/** A target starts unhealthy and must pass `rise` checks, as an ALB target starts in `initial`. */
export async function markDown(sock: string, s: ServerEntry): Promise<void> {
  await expectReply(sock, `set server ${serverId(s)} health down`, /^\s*$/);
}

export async function setDraining(sock: string, s: ServerEntry, draining: boolean): Promise<void> {
  // A draining primary finishes its requests and takes no new ones; its fail-open twin leaves at once.
  const state = !draining ? 'ready' : s.backup ? 'maint' : 'drain';
  await expectReply(sock, `set server ${serverId(s)} state ${state}`, /^\s*$/);
}

export async function removeServer(sock: string, s: ServerEntry): Promise<void> {
  await expectReply(sock, `set server ${serverId(s)} state maint`, /^\s*$|No such server/);
  await cliCommand(sock, `shutdown sessions server ${serverId(s)}`);
  await expectReply(sock, `del server ${serverId(s)}`, /Server deleted|No such server/);
}

/** Brings the running servers from `applied` to `desired`; `applied` is updated as each step succeeds. */
export async function syncServers(sock: string, applied: Map<string, ServerEntry>, desired: ServerEntry[]): Promise<void> {
  const want = new Map(desired.map((s) => [serverId(s), s]));
  for (const [id, s] of applied) {
    if (want.has(id)) continue;
    await removeServer(sock, s);
    applied.delete(id);
  }
  for (const [id, s] of want) {
    const had = applied.get(id);
    if (!had) {
      if (s.draining) continue; // never add a server only to drain it
      await addServer(sock, s);
    } else if (had.draining !== s.draining) {
      await setDraining(sock, s, s.draining);
    }
    applied.set(id, s);
  }
}
