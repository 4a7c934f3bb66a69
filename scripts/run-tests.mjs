// Runs the compiled test files with node's test runner.
// --unit: only unit tests beside the code (src/); default: unit and e2e (test/).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function findTests(dir) {
  let out = [];
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(findTests(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const roots = unitOnly ? ['dist/src'] : ['dist/src', 'dist/test'];
let files = roots.flatMap(findTests).sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// e2e files share one Docker engine; running them one at a time keeps timings honest.
// Strict output: a response member the model does not know fails the test (src/protocol/shape-writer.ts).
const env = { ...process.env, BERTH_STRICT_OUTPUT: '1' };
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
