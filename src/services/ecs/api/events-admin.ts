/** `berth events`: the ECS event journal (domain/event-journal.ts) of one region, over the admin socket. */
import { AdminArgs, AdminError, AdminHandler } from '../../../platform/admin-socket.js';
import { Store } from '../../../state/store.js';
import { readEvents } from '../domain/event-journal.js';

const DEFAULT_REGION = 'us-east-1';
const PAGE = 500;

function optional(args: AdminArgs, name: string, pattern: RegExp): string | undefined {
  const v = args[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !pattern.test(v)) throw new AdminError(`--${name} is not valid: ${JSON.stringify(v).slice(0, 80)}`);
  return v;
}

export function makeEventsAdmin(store: Store, accountId: string): Record<string, AdminHandler> {
  async function list(args: AdminArgs): Promise<unknown> {
    const region = optional(args, 'region', /^[a-z]{2}(-[a-z]+)+-\d$/) ?? DEFAULT_REGION;
    const sinceText = optional(args, 'since', /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/);
    const since = sinceText === undefined ? undefined : new Date(sinceText);
    if (since && Number.isNaN(since.getTime())) throw new AdminError(`--since is not a time: ${sinceText}`);
    const cursor = optional(args, 'cursor', /^[\x21-\x7e]{1,200}$/);
    return readEvents(store, { region, accountId }, { cursor, since, limit: PAGE });
  }
  return { 'events.list': list };
}
