// `berth events [--since ISO] [--follow] [--region R]`: the ECS events of a running Berth, one JSON document a line.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { callAdmin } from '../platform/admin-socket.js';
import type { ParsedArgs } from './commands.js';

export const EVENTS_USAGE = `  berth events [--since 2026-01-01T00:00:00Z] [--follow] [--region R] [--data-dir DIR]

  Prints the ECS events (ECS Task State Change, ECS Container Instance State Change) as
  EventBridge would deliver them, one JSON document a line; the last 10,000 of the
  region are kept. --follow keeps printing new ones.`;

const FOLLOW_POLL_MS = 1000;

interface Page { events: unknown[]; cursor?: string; more: boolean }

export async function runEvents(p: ParsedArgs, print: (line: string) => void, usage: (msg: string) => Error): Promise<number> {
  const follow = p.flags.includes('follow');
  if (p.positional.length > 1) throw usage(`unexpected ${p.positional.slice(1).join(' ')}`);
  const socket = join(p.dataDir, 'admin.sock');
  const args = { since: p.options.since?.at(-1), region: p.options.region?.at(-1) };
  let cursor: string | undefined;
  for (;;) {
    const page = await callAdmin(socket, 'events.list', { ...args, cursor }) as Page;
    for (const e of page.events) print(JSON.stringify(e));
    cursor = page.cursor ?? cursor;
    if (page.more) continue;
    if (!follow) return 0;
    await sleep(FOLLOW_POLL_MS);
  }
}
