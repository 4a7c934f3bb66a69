import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerDef } from '../../services/ecs/domain/task-definition-rules.js';
import { HealthStatus } from '../../services/ecs/domain/task-doc.js';
import {
  containerHealth, dependenciesOf, exitedEssential, exitReason, Observed, startedTaskStatus, startVerdict, stoppable, taskHealth,
} from './lifecycle.js';

const T0 = new Date('2024-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const notCreated: Observed | undefined = undefined;
const created: Observed = { created: true, running: false, started: false, exited: false };
const running = (extra: Partial<Observed> = {}): Observed => ({ created: true, running: true, started: true, exited: false, startedAt: T0, ...extra });
const exited = (exitCode: number, extra: Partial<Observed> = {}): Observed => ({ created: true, running: false, started: true, exited: true, exitCode, startedAt: T0, ...extra });

type Condition = NonNullable<ContainerDef['dependsOn']>[number]['condition'];
const app = (condition: Condition): ContainerDef => ({ name: 'app', image: 'app', dependsOn: [{ containerName: 'dep', condition }] });

describe('startVerdict: dependsOn conditions', () => {
  const cases: { name: string; condition: Condition; dep: Observed | undefined; startTimeout?: number; now?: Date; expect: 'ready' | 'wait' | RegExp }[] = [
    // START: the dependency has started; an already-stopped dependency also counts.
    { name: 'START, dependency not created', condition: 'START', dep: notCreated, expect: 'wait' },
    { name: 'START, dependency created but not started', condition: 'START', dep: created, expect: 'wait' },
    { name: 'START, dependency running', condition: 'START', dep: running(), expect: 'ready' },
    { name: 'START, dependency already exited', condition: 'START', dep: exited(1), expect: 'ready' },
    // COMPLETE: stopped with any exit code.
    { name: 'COMPLETE, dependency running', condition: 'COMPLETE', dep: running(), expect: 'wait' },
    { name: 'COMPLETE, dependency exited 0', condition: 'COMPLETE', dep: exited(0), expect: 'ready' },
    { name: 'COMPLETE, dependency exited 137', condition: 'COMPLETE', dep: exited(137), expect: 'ready' },
    // SUCCESS: stopped with exit code 0; a non-zero exit can never succeed.
    { name: 'SUCCESS, dependency running', condition: 'SUCCESS', dep: running(), expect: 'wait' },
    { name: 'SUCCESS, dependency exited 0', condition: 'SUCCESS', dep: exited(0), expect: 'ready' },
    { name: 'SUCCESS, dependency exited 1', condition: 'SUCCESS', dep: exited(1), expect: /\[dep\].*did not exit successfully/ },
    // HEALTHY: the dependency reports healthy; exiting first is terminal.
    { name: 'HEALTHY, dependency starting', condition: 'HEALTHY', dep: running({ health: 'starting' }), expect: 'wait' },
    { name: 'HEALTHY, dependency unhealthy but running', condition: 'HEALTHY', dep: running({ health: 'unhealthy' }), expect: 'wait' },
    { name: 'HEALTHY, dependency healthy', condition: 'HEALTHY', dep: running({ health: 'healthy' }), expect: 'ready' },
    { name: 'HEALTHY, dependency exited before healthy', condition: 'HEALTHY', dep: exited(0), expect: /\[dep\].*exited before becoming healthy/ },
    // startTimeout on the dependency, measured from its startedAt.
    { name: 'COMPLETE, inside startTimeout', condition: 'COMPLETE', dep: running(), startTimeout: 10, now: at(9_999), expect: 'wait' },
    { name: 'COMPLETE, exactly at startTimeout', condition: 'COMPLETE', dep: running(), startTimeout: 10, now: at(10_000), expect: 'wait' },
    { name: 'COMPLETE, past startTimeout', condition: 'COMPLETE', dep: running(), startTimeout: 10, now: at(10_001), expect: /\[dep\].*startTimeout/ },
    { name: 'SUCCESS, past startTimeout', condition: 'SUCCESS', dep: running(), startTimeout: 5, now: at(6_000), expect: /startTimeout/ },
    { name: 'HEALTHY, past startTimeout', condition: 'HEALTHY', dep: running({ health: 'starting' }), startTimeout: 5, now: at(6_000), expect: /startTimeout/ },
    { name: 'timeout is measured from the dependency startedAt, not T0', condition: 'COMPLETE', dep: running({ startedAt: at(60_000) }), startTimeout: 10, now: at(65_000), expect: 'wait' },
    { name: 'HEALTHY met before the timeout check', condition: 'HEALTHY', dep: running({ health: 'healthy' }), startTimeout: 5, now: at(60_000), expect: 'ready' },
    { name: 'COMPLETE met even after the timeout', condition: 'COMPLETE', dep: exited(3), startTimeout: 5, now: at(60_000), expect: 'ready' },
    { name: 'no startTimeout waits indefinitely', condition: 'COMPLETE', dep: running(), now: at(86_400_000), expect: 'wait' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const defs: ContainerDef[] = [app(c.condition), { name: 'dep', image: 'dep', essential: false, startTimeout: c.startTimeout, healthCheck: { command: ['CMD', 'true'] } }];
      const v = startVerdict(defs[0], defs, { dep: c.dep }, c.now ?? T0);
      if (c.expect === 'ready') assert.deepEqual(v, { ready: true });
      else if (c.expect === 'wait') assert.deepEqual(v, { ready: false });
      else {
        assert.equal(v.ready, false);
        assert.match((v as { never?: string }).never ?? '', c.expect);
      }
    });
  }

  it('startTimeout 0 means no timeout (agent hasDependencyTimedOut treats <= 0 as unset)', () => {
    const defs: ContainerDef[] = [app('COMPLETE'), { name: 'dep', image: 'dep', essential: false, startTimeout: 0 }];
    assert.deepEqual(startVerdict(defs[0], defs, { dep: running() }, at(1_000)), { ready: false });
  });

  it('every dependency must be met; the first unmet one decides', () => {
    const defs: ContainerDef[] = [
      { name: 'app', image: 'app', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }, { containerName: 'db', condition: 'HEALTHY' }] },
      { name: 'init', image: 'i', essential: false },
      { name: 'db', image: 'd', healthCheck: { command: ['CMD', 'true'] } },
    ];
    assert.deepEqual(startVerdict(defs[0], defs, { init: exited(0), db: running({ health: 'starting' }) }, T0), { ready: false });
    assert.deepEqual(startVerdict(defs[0], defs, { init: exited(0), db: running({ health: 'healthy' }) }, T0), { ready: true });
    assert.match((startVerdict(defs[0], defs, { init: exited(2), db: running({ health: 'healthy' }) }, T0) as { never: string }).never, /\[init\]/);
  });

  it('a container without dependencies is ready at once', () => {
    const defs: ContainerDef[] = [{ name: 'solo', image: 's' }];
    assert.deepEqual(startVerdict(defs[0], defs, {}, T0), { ready: true });
  });
});

describe('startVerdict: implicit START dependencies', () => {
  it('links and volumesFrom become START dependencies', () => {
    const c: ContainerDef = { name: 'web', links: ['db:database', 'cache'], volumesFrom: [{ sourceContainer: 'data' }] };
    assert.deepEqual(dependenciesOf(c), [
      { containerName: 'db', condition: 'START' }, { containerName: 'cache', condition: 'START' }, { containerName: 'data', condition: 'START' },
    ]);
  });
  for (const [name, web] of [
    ['link with alias', { name: 'web', image: 'w', links: ['db:database'] }],
    ['volumesFrom', { name: 'web', image: 'w', volumesFrom: [{ sourceContainer: 'db', readOnly: true }] }],
  ] as [string, ContainerDef][]) {
    it(`${name}: waits until the source container has started`, () => {
      const defs = [web, { name: 'db', image: 'd' }];
      assert.deepEqual(startVerdict(web, defs, { db: created }, T0), { ready: false });
      assert.deepEqual(startVerdict(web, defs, { db: running() }, T0), { ready: true });
    });
  }
});

describe('startedTaskStatus', () => {
  const defs: ContainerDef[] = [{ name: 'a', image: 'a' }, { name: 'b', image: 'b', essential: false }];
  const cases: [string, Record<string, Observed | undefined>, string][] = [
    ['nothing observed yet', {}, 'PENDING'],
    ['one container still only created', { a: running(), b: created }, 'PENDING'],
    ['one container missing', { a: running() }, 'PENDING'],
    ['all running', { a: running(), b: running() }, 'RUNNING'],
    ['running plus an exited non-essential', { a: running(), b: exited(0) }, 'RUNNING'],
  ];
  for (const [name, observed, expected] of cases) it(name, () => assert.equal(startedTaskStatus(defs, observed), expected));
});

describe('exitedEssential', () => {
  const defs: ContainerDef[] = [{ name: 'side', image: 's', essential: false }, { name: 'main', image: 'm' }, { name: 'log', image: 'l', essential: true }];
  it('ignores exited non-essential containers', () => assert.equal(exitedEssential(defs, { side: exited(1), main: running(), log: running() }), undefined));
  it('essential defaults to true when omitted', () => assert.equal(exitedEssential(defs, { side: running(), main: exited(0), log: running() }), 'main'));
  it('explicit essential: true', () => assert.equal(exitedEssential(defs, { main: running(), log: exited(2) }), 'log'));
  it('none exited', () => assert.equal(exitedEssential(defs, { side: running(), main: running(), log: running() }), undefined));
});

describe('stoppable: reverse dependency order', () => {
  const dep = (name: string, ...on: string[]): ContainerDef => ({ name, image: name, dependsOn: on.map((containerName) => ({ containerName, condition: 'START' })) });
  const all = (defs: ContainerDef[], o: Observed = running()) => Object.fromEntries(defs.map((d) => [d.name!, o]));
  const sorted = (xs: string[]) => [...xs].sort();

  it('independent containers all stop at once', () => {
    const defs = [dep('a'), dep('b')];
    assert.deepEqual(sorted(stoppable(defs, all(defs))), ['a', 'b']);
  });
  it('chain a <- b <- c: only the last dependant first, then walking back', () => {
    const defs = [dep('a'), dep('b', 'a'), dep('c', 'b')];
    assert.deepEqual(stoppable(defs, all(defs)), ['c']);
    assert.deepEqual(stoppable(defs, { ...all(defs), c: exited(0) }), ['b']);
    assert.deepEqual(stoppable(defs, { a: running(), b: exited(0), c: exited(0) }), ['a']);
  });
  it('diamond: top waits for both middles', () => {
    const defs = [dep('base'), dep('left', 'base'), dep('right', 'base'), dep('top', 'left', 'right')];
    assert.deepEqual(stoppable(defs, all(defs)), ['top']);
    assert.deepEqual(sorted(stoppable(defs, { ...all(defs), top: exited(0) })), ['left', 'right']);
    assert.deepEqual(stoppable(defs, { ...all(defs), top: exited(0), left: exited(0) }), ['right']);
    assert.deepEqual(stoppable(defs, { base: running(), left: exited(0), right: exited(0), top: exited(0) }), ['base']);
  });
  it('a dependant that is not running does not hold its dependency', () => {
    const defs = [dep('a'), dep('b', 'a')];
    assert.deepEqual(stoppable(defs, { a: running(), b: created }), ['a']);
  });
  it('containers that are not running are never listed', () => {
    const defs = [dep('a'), dep('b')];
    assert.deepEqual(stoppable(defs, { a: exited(0), b: created }), []);
  });
});

describe('containerHealth', () => {
  const withCheck: ContainerDef = { name: 'a', healthCheck: { command: ['CMD', 'true'] } };
  const cases: [string, ContainerDef, Observed | undefined, HealthStatus][] = [
    ['no health check reports UNKNOWN even if the engine says healthy', { name: 'a' }, running({ health: 'healthy' }), 'UNKNOWN'],
    ['not observed', withCheck, undefined, 'UNKNOWN'],
    ['starting', withCheck, running({ health: 'starting' }), 'UNKNOWN'],
    ['healthy', withCheck, running({ health: 'healthy' }), 'HEALTHY'],
    ['unhealthy', withCheck, running({ health: 'unhealthy' }), 'UNHEALTHY'],
  ];
  for (const [name, def, o, expected] of cases) it(name, () => assert.equal(containerHealth(def, o), expected));
});

describe('taskHealth: only essential containers, UNHEALTHY > UNKNOWN > HEALTHY', () => {
  const defs: ContainerDef[] = [{ name: 'e1', image: 'x' }, { name: 'e2', image: 'x', essential: true }, { name: 'n', image: 'x', essential: false }];
  const cases: [string, Record<string, HealthStatus>, HealthStatus][] = [
    ['all essential HEALTHY', { e1: 'HEALTHY', e2: 'HEALTHY', n: 'HEALTHY' }, 'HEALTHY'],
    ['non-essential UNHEALTHY is ignored', { e1: 'HEALTHY', e2: 'HEALTHY', n: 'UNHEALTHY' }, 'HEALTHY'],
    ['non-essential UNKNOWN is ignored', { e1: 'HEALTHY', e2: 'HEALTHY', n: 'UNKNOWN' }, 'HEALTHY'],
    ['one essential UNKNOWN', { e1: 'HEALTHY', e2: 'UNKNOWN', n: 'HEALTHY' }, 'UNKNOWN'],
    ['UNHEALTHY beats UNKNOWN', { e1: 'UNKNOWN', e2: 'UNHEALTHY', n: 'HEALTHY' }, 'UNHEALTHY'],
    ['UNHEALTHY beats HEALTHY', { e1: 'UNHEALTHY', e2: 'HEALTHY', n: 'HEALTHY' }, 'UNHEALTHY'],
    ['missing essential entry counts as UNKNOWN', { e1: 'HEALTHY', n: 'HEALTHY' }, 'UNKNOWN'],
  ];
  for (const [name, health, expected] of cases) it(name, () => assert.equal(taskHealth(defs, health), expected));
});

describe('exitReason', () => {
  it('OOM kill', () => assert.equal(exitReason(true), 'OutOfMemoryError: Container killed due to memory usage'));
  it('OOM wins over an engine error', () => assert.equal(exitReason(true, 'boom'), 'OutOfMemoryError: Container killed due to memory usage'));
  it('engine start error', () => assert.equal(exitReason(false, 'exec: "nope": not found'), 'CannotStartContainerError: exec: "nope": not found'));
  it('a normal exit has no reason', () => assert.equal(exitReason(false), undefined));
});
