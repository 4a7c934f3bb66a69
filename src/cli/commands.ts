// The `berth` command line's subcommands. `scan-db import` loads OSV advisories for image scanning.
import { join, resolve } from 'node:path';
import { importVulnerabilityDb } from '../scanning/index.js';

export const USAGE = `Usage:
  berth scan-db import <dir|zip> [--data-dir DIR]

  Imports OSV advisories (a directory of OSV JSON files, or a zip such as osv.dev's
  all.zip or <ECOSYSTEM>/all.zip) for ECR image scanning. Debian, Alpine, npm and PyPI
  advisories are kept; importing an ecosystem replaces its previous import.

  --data-dir DIR   state directory (BERTH_DATA_DIR, default ./.berth)`;

export class UsageError extends Error {}

/** Runs one invocation; returns the process exit code. */
export async function runBerthCli(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    print(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const { positional, dataDir } = parseArgs(args, env);
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

function parseArgs(args: string[], env: NodeJS.ProcessEnv): { positional: string[]; dataDir: string } {
  const positional: string[] = [];
  let dataDir = env.BERTH_DATA_DIR || '.berth';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--data-dir') {
      if (i + 1 >= args.length) throw new UsageError('--data-dir needs a value');
      dataDir = args[++i];
    } else if (arg.startsWith('--data-dir=')) {
      dataDir = arg.slice('--data-dir='.length);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}\n\n${USAGE}`);
    } else {
      positional.push(arg);
    }
  }
  return { positional, dataDir: resolve(dataDir) };
}
