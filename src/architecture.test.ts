/**
 * The import rules of docs/ARCHITECTURE.md ("Layout and import rules"), checked on every
 * source file: infrastructure never imports what is built on it; a service's domain is
 * what controllers and data planes see, never its API; services meet only through ports.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../src');
const INFRA = ['platform', 'state', 'runtime', 'metrics', 'scanning', 'iam', 'protocol'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [relative(ROOT, path)] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from '(\.{1,2}\/[^']+)'/gm)].map((m) => relative(ROOT, resolve(dirname(join(ROOT, file)), m[1])).replace(/\.js$/, '.ts'));
}

type Place =
  | { kind: 'root' | 'controllers' | 'dataplane' }
  | { kind: 'infra'; folder: string }
  | { kind: 'service'; service: string; part: 'api' | 'domain' | 'module' | 'other' };

function placeOf(file: string): Place {
  const [top, second, third] = file.split('/');
  if (INFRA.includes(top)) return { kind: 'infra', folder: top };
  if (top === 'controllers' || top === 'dataplane') return { kind: top };
  if (top === 'services') {
    const part = third === 'module.ts' ? 'module' : third === 'api' || third === 'domain' ? third : 'other';
    return { kind: 'service', service: second, part };
  }
  return { kind: 'root' };
}

const isPorts = (file: string) => /^services\/[^/]+\/domain\/ports\.ts$/.test(file);

/** Why `from` may not import `to`, or undefined when it may. */
function violation(from: string, to: string): string | undefined {
  const a = placeOf(from);
  const b = placeOf(to);
  if (a.kind === 'root') return undefined;
  if (a.kind === 'infra') return b.kind === 'infra' ? undefined : 'infrastructure imports what is built on it';
  if (a.kind === 'service' && a.part === 'other') return 'service files live in api/ or domain/ (or are module.ts)';
  if (b.kind === 'infra') return undefined;
  if (a.kind === 'controllers' || a.kind === 'dataplane') {
    if (b.kind === 'service') return b.part === 'domain' ? undefined : `${a.kind} import a service's ${b.part}, not its domain`;
    return b.kind === a.kind ? undefined : `${a.kind} import ${b.kind}`;
  }
  if (a.kind !== 'service') return undefined;
  if (b.kind === 'service' && b.service !== a.service) return isPorts(to) ? undefined : `services meet only through ports (${b.service}/domain/ports.ts)`;
  if (a.part === 'module') return undefined;
  if (b.kind === 'controllers' || b.kind === 'dataplane') return `a service's ${a.part} imports ${b.kind}`;
  if (b.kind === 'service' && a.part === 'domain' && b.part !== 'domain') return "a service's domain imports its own api or module";
  if (b.kind === 'service' && a.part === 'api' && b.part === 'module') return 'an api imports its module';
  return undefined;
}

describe('import rules', () => {
  it('no file imports across a line the architecture forbids', () => {
    const problems: string[] = [];
    for (const file of sources(ROOT)) {
      for (const target of importsOf(file)) {
        const why = violation(file, target);
        if (why) problems.push(`${file} -> ${target}: ${why}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the rules themselves', () => {
    const table: Array<[string, string, boolean]> = [
      ['state/sqlite-store.ts', 'platform/log.ts', true],
      ['protocol/gateway.ts', 'services/ecs/api/clusters.ts', false],
      ['controllers/tasks/task-start.ts', 'services/ecs/domain/task-doc.ts', true],
      ['controllers/tasks/task-start.ts', 'services/ecs/api/tasks.ts', false],
      ['dataplane/load-balancer/manager.ts', 'controllers/work-queue.ts', false],
      ['services/ecs/api/tasks.ts', 'services/ecs/domain/names.ts', true],
      ['services/ecs/domain/names.ts', 'services/ecs/api/tasks.ts', false],
      ['services/ecs/api/tasks.ts', 'services/elbv2/domain/ports.ts', true],
      ['services/ecs/api/tasks.ts', 'services/elbv2/domain/targets.ts', false],
      ['services/ecs/api/services.ts', 'controllers/services/rollout.ts', false],
      ['services/ecs/module.ts', 'controllers/tasks/task-controller.ts', true],
      ['services/ecs/clusters.ts', 'platform/log.ts', false],
      ['berth.ts', 'services/ecs/module.ts', true],
    ];
    for (const [from, to, allowed] of table) assert.equal(violation(from, to) === undefined, allowed, `${from} -> ${to}`);
  });
});
