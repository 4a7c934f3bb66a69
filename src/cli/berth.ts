#!/usr/bin/env node
/** `npx berth …`: Berth's command line (see commands.ts). */
import { runBerthCli, UsageError } from './commands.js';

runBerthCli(process.argv.slice(2), process.env, (line) => console.log(line)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? err.message : `berth: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
