// The `berth` command line's subcommands: `scan-db import` loads OSV advisories for image
// scanning; `instances …` manages the Docker hosts of a running Berth and `spot interrupt`
// reclaims Spot capacity (./instances.ts).
import { join, resolve } from 'node:path';
import { importVulnerabilityDb } from '../scanning/index.js';
import { INSTANCES_USAGE, runInstances, runSpot } from './instances.js';
import { EVENTS_USAGE, runEvents } from './events.js';

export const USAGE = `Usage:
  berth scan-db import <dir|zip> [--data-dir DIR]

  Imports OSV advisories (a directory of OSV JSON files, or a zip such as osv.dev's
  all.zip or <ECOSYSTEM>/all.zip) for ECR image scanning. Debian, Alpine, npm and PyPI
  advisories are kept; importing an ecosystem replaces its previous import.

${INSTANCES_USAGE}

${EVENTS_USAGE}

  --data-dir DIR   state directory (BERTH_DATA_DIR, default ./.berth)`;

export class UsageError extends Error {}

/** Options a command takes; each may repeat (values are kept in order). */
const OPTIONS = ['data-dir', 'cluster', 'docker-host', 'tls-cert-dir', 'address', 'availability-zone', 'instance-type', 'attribute', 'attributes', 'region', 'ssh-identity', 'ssh-known-hosts', 'host-group', 'registry', 'awsvpc-cidr', 'since'];
/** Options that take no value. */
const FLAGS = ['follow'];

export interface ParsedArgs { positional: string[]; options: Record<string, string[]>; flags: string[]; dataDir: string }

/** Runs one invocation; returns the process exit code. */
export async function runBerthCli(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    print(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const parsed = parseArgs(args, env);
  const { positional, dataDir } = parsed;
  const usage = (msg: string) => new UsageError(`${msg}\n\n${USAGE}`);
  if (positional[0] === 'instances') return runInstances(parsed, print, usage);
  if (positional[0] === 'spot') return runSpot(parsed, print, usage);
  if (positional[0] === 'events') return runEvents(parsed, print, usage);
  if (positional[0] !== 'scan-db' || positional[1] !== 'import' || positional.length !== 3) {
    throw new UsageError(`unknown command: berth ${args.join(' ')}\n\n${USAGE}`);
  }
  const source = resolve(positional[2]);
  const result = await importVulnerabilityDb(dataDir, source);
  if (result.advisories === 0) {
    print(`No Debian, Alpine, npm or PyPI advisories found in ${source}; nothing imported.`);
    return 1;
  }
  print(`Imported ${result.advisories} advisories (${result.ecosystems.join(', ')}) from ${source} into ${join(dataDir, 'scan-db')}`);
  return 0;
}

function parseArgs(args: string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string[]> = {};
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    if (arg.startsWith('--') && FLAGS.includes(arg.slice(2))) {
      flags.push(arg.slice(2));
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!arg.startsWith('--') || !OPTIONS.includes(name)) throw new UsageError(`unknown option ${arg}\n\n${USAGE}`);
    if (eq < 0 && i + 1 >= args.length) throw new UsageError(`--${name} needs a value`);
    (options[name] ??= []).push(eq < 0 ? args[++i] : arg.slice(eq + 1));
  }
  const dataDir = options['data-dir']?.at(-1) ?? (env.BERTH_DATA_DIR || '.berth');
  return { positional, options, flags, dataDir: resolve(dataDir) };
}
