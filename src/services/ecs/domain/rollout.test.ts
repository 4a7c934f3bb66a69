import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bounds, circuitBreakerThreshold, DeploymentState, planRollout, rolloutHealth, RolloutTask, ServiceRollout } from './rollout.js';

const NEW = 'ecs-svc/2';
const OLD = 'ecs-svc/1';

function dep(id: string, status: 'PRIMARY' | 'ACTIVE', over: Partial<DeploymentState> = {}): DeploymentState {
  return { id, status, rolloutState: 'IN_PROGRESS', rolloutStateReason: '', failedTasks: 0, countedFailures: [], everHealthy: false, ...over };
}

let seq = 0;
function task(deploymentId: string, health: RolloutTask['health'], over: Partial<RolloutTask> = {}): RolloutTask {
  seq += 1;
  return { taskArn: `t${seq}`, deploymentId, active: true, stopped: false, everRunning: health !== 'starting', health, stoppedOnPurpose: false, createdAt: seq, ...over };
}
const many = (n: number, make: () => RolloutTask) => Array.from({ length: n }, make);

function service(over: Partial<ServiceRollout> = {}): ServiceRollout {
  return { name: 'web', desiredCount: 3, minimumHealthyPercent: 100, maximumPercent: 200, deployments: [dep(NEW, 'PRIMARY')], steady: false, ...over };
}
const rolling = (over: Partial<ServiceRollout> = {}) => service({ deployments: [dep(NEW, 'PRIMARY'), dep(OLD, 'ACTIVE')], ...over });

describe('bounds and threshold', () => {
  const cases: [number, number, number, number, number][] = [
    // desired, min%, max%, maxTotal, minHealthy — the AWS guide's worked examples
    [4, 50, 200, 8, 2],
    [2, 75, 200, 4, 2],
    [3, 100, 125, 3, 3],
    [4, 100, 200, 8, 4],
    [1, 0, 100, 1, 0],
    [0, 100, 200, 0, 0],
  ];
  for (const [d, min, max, maxTotal, minHealthy] of cases) {
    it(`desired ${d}, min ${min}%, max ${max}% → at most ${maxTotal}, at least ${minHealthy} healthy`, () => {
      assert.deepEqual(bounds(d, min, max), { maxTotal, minHealthy });
    });
  }
  const thresholds: [number, number][] = [[1, 3], [3, 3], [6, 3], [7, 4], [25, 13], [400, 200], [800, 200]];
  for (const [d, t] of thresholds) it(`circuit breaker threshold for ${d} tasks is ${t}`, () => assert.equal(circuitBreakerThreshold(d), t));
});

describe('planRollout', () => {
  it('starts desiredCount tasks for a new service', () => {
    const p = planRollout(service(), [], 0);
    assert.equal(p.start, 3);
    assert.deepEqual(p.stop, []);
  });

  it('min 100 / max 200: starts the whole new set before stopping any old task', () => {
    const p = planRollout(rolling(), many(3, () => task(OLD, 'healthy')), 0);
    assert.equal(p.start, 3);
    assert.equal(p.stop.length, 0);
  });

  it('min 100 / max 200: stops old tasks as new ones become healthy', () => {
    const tasks = [...many(3, () => task(OLD, 'healthy')), ...many(2, () => task(NEW, 'healthy')), task(NEW, 'starting')];
    const p = planRollout(rolling(), tasks, 0);
    assert.equal(p.start, 0);
    assert.equal(p.stop.length, 2);
    assert.ok(p.stop.every((s) => tasks.find((t) => t.taskArn === s.taskArn)!.deploymentId === OLD));
    assert.equal(p.stop[0].reason, `Scaling activity initiated by (deployment ${NEW})`);
  });

  it('min 50 / max 100: stops half the old tasks first, then starts new ones', () => {
    const s = rolling({ desiredCount: 4, minimumHealthyPercent: 50, maximumPercent: 100 });
    const first = planRollout(s, many(4, () => task(OLD, 'healthy')), 0);
    assert.equal(first.stop.length, 2);
    assert.equal(first.start, 0, 'stopping tasks still count until they leave the active set');
    const second = planRollout(s, many(2, () => task(OLD, 'healthy')), 0);
    assert.equal(second.start, 2);
    assert.equal(second.stop.length, 0);
  });

  it('min 0 / max 100: stops every old task at once, then starts the new set', () => {
    const s = rolling({ desiredCount: 2, minimumHealthyPercent: 0, maximumPercent: 100 });
    assert.equal(planRollout(s, many(2, () => task(OLD, 'healthy')), 0).stop.length, 2);
    assert.equal(planRollout(s, [], 0).start, 2);
  });

  it('min 100 / max 100 cannot move and says so', () => {
    const s = rolling({ minimumHealthyPercent: 100, maximumPercent: 100 });
    const p = planRollout(s, many(3, () => task(OLD, 'healthy')), 0);
    assert.equal(p.start, 0);
    assert.equal(p.stop.length, 0);
    assert.match(p.events[0], /was unable to stop or start tasks during a deployment because of the service deployment configuration/);
  });

  it('scales in by stopping starting tasks first, then the newest', () => {
    const tasks = [task(NEW, 'healthy'), task(NEW, 'healthy'), task(NEW, 'starting')];
    const p = planRollout(service({ desiredCount: 1 }), tasks, 0);
    assert.deepEqual(p.stop.map((s) => s.taskArn), [tasks[2].taskArn, tasks[1].taskArn]);
  });

  it('replaces a task that died mid-rollout', () => {
    const tasks = [task(NEW, 'healthy'), task(NEW, 'healthy'), task(NEW, 'healthy', { active: false, stopped: true })];
    assert.equal(planRollout(service(), tasks, 0).start, 1);
  });

  it('stops unhealthy tasks with the health reason', () => {
    const sick = task(NEW, 'unhealthy', { unhealthyReason: 'Task failed ELB health checks in (target-group arn:tg)' });
    const p = planRollout(service(), [task(NEW, 'healthy'), task(NEW, 'healthy'), sick], 0);
    assert.deepEqual(p.stop, [{ taskArn: sick.taskArn, reason: 'Task failed ELB health checks in (target-group arn:tg)' }]);
  });

  it('does not launch while throttled', () => {
    assert.equal(planRollout(service({ launchBlockedUntil: 10_000 }), [], 5_000).start, 0);
    assert.equal(planRollout(service({ launchBlockedUntil: 10_000 }), [], 10_001).start, 3);
  });

  it('completes the deployment, retires drained ones and announces a steady state once', () => {
    const tasks = [...many(3, () => task(NEW, 'healthy')), task(OLD, 'healthy', { active: false, stopped: true })];
    const p = planRollout(rolling(), tasks, 0);
    assert.deepEqual(p.retired, [OLD]);
    assert.equal(p.completed, NEW);
    assert.equal(p.deployments[0].rolloutState, 'COMPLETED');
    assert.equal(p.deployments[0].rolloutStateReason, `ECS deployment ${NEW} completed.`);
    assert.deepEqual(p.events, [`(service web) (deployment ${NEW}) deployment completed.`, '(service web) has reached a steady state.']);
    const again = planRollout(service({ deployments: p.deployments, steady: true }), tasks, 0);
    assert.deepEqual(again.events, []);
  });

  it('keeps an old deployment while its tasks are still stopping', () => {
    const tasks = [...many(3, () => task(NEW, 'healthy')), task(OLD, 'healthy', { active: false, stopped: false })];
    const p = planRollout(rolling(), tasks, 0);
    assert.deepEqual(p.retired, []);
    assert.equal(p.completed, undefined);
  });

  it('trips the circuit breaker after threshold failures and asks for a rollback', () => {
    const failed = many(3, () => task(NEW, 'starting', { active: false, stopped: true }));
    const s = rolling({ circuitBreaker: { enable: true, rollback: true }, lastCompletedDeploymentId: OLD });
    const p = planRollout(s, [...many(3, () => task(OLD, 'healthy')), ...failed], 0);
    assert.equal(p.deployments[0].failedTasks, 3);
    assert.equal(p.deployments[0].rolloutState, 'FAILED');
    assert.equal(p.deployments[0].rolloutStateReason, 'ECS deployment circuit breaker: tasks failed to start.');
    assert.deepEqual(p.rollback, { failedDeploymentId: NEW, toDeploymentId: OLD });
  });

  it('counts each failure once and not the tasks it stopped on purpose', () => {
    const s = rolling({ circuitBreaker: { enable: true, rollback: false } });
    const failedOnce = task(NEW, 'starting', { active: false, stopped: true });
    const scaledIn = task(NEW, 'starting', { active: false, stopped: true, stoppedOnPurpose: true });
    const p1 = planRollout(s, [failedOnce, scaledIn], 0);
    assert.equal(p1.deployments[0].failedTasks, 1);
    const p2 = planRollout({ ...s, deployments: [p1.deployments[0], s.deployments[1]] }, [failedOnce, scaledIn], 0);
    assert.equal(p2.deployments[0].failedTasks, 1);
  });

  it('a FAILED deployment without rollback launches nothing', () => {
    const s = rolling({ deployments: [dep(NEW, 'PRIMARY', { rolloutState: 'FAILED' }), dep(OLD, 'ACTIVE')] });
    assert.equal(planRollout(s, many(3, () => task(OLD, 'healthy')), 0).start, 0);
  });

  describe('deployment alarms', () => {
    const oldSet = () => many(3, () => task(OLD, 'healthy'));
    it('an alarm in ALARM fails the deployment and rolls back when asked', () => {
      const p = planRollout(rolling({ alarms: { triggered: ['high-5xx'], rollback: true, bakeMs: 0 }, lastCompletedDeploymentId: OLD }), oldSet(), 0);
      assert.equal(p.deployments[0].rolloutState, 'FAILED');
      assert.equal(p.deployments[0].rolloutStateReason, 'ECS deployment failed: alarm(s) detected: high-5xx.');
      assert.deepEqual(p.rollback, { failedDeploymentId: NEW, toDeploymentId: OLD });
      assert.deepEqual(p.triggeredAlarms, ['high-5xx']);
      assert.deepEqual(p.events, [`(service web) (deployment ${NEW}) deployment failed: alarm detected.`]);
    });
    it('without rollback the failed deployment launches nothing more', () => {
      const p = planRollout(rolling({ alarms: { triggered: ['a'], rollback: false, bakeMs: 0 }, lastCompletedDeploymentId: OLD }), oldSet(), 0);
      assert.equal(p.rollback, undefined);
      assert.equal(p.start, 0);
    });
    it('the circuit breaker\'s rollback setting does not apply to an alarm failure', () => {
      const s = rolling({ alarms: { triggered: ['a'], rollback: false, bakeMs: 0 }, circuitBreaker: { enable: true, rollback: true }, lastCompletedDeploymentId: OLD });
      assert.equal(planRollout(s, oldSet(), 0).rollback, undefined);
    });
    it('a completed deployment is not failed by an alarm, and no alarm fails nothing', () => {
      const done = service({ deployments: [dep(NEW, 'PRIMARY', { rolloutState: 'COMPLETED' })], alarms: { triggered: ['a'], rollback: true, bakeMs: 0 } });
      assert.equal(planRollout(done, many(3, () => task(NEW, 'healthy')), 0).deployments[0].rolloutState, 'COMPLETED');
      assert.equal(planRollout(rolling({ alarms: { triggered: [], rollback: true, bakeMs: 0 } }), oldSet(), 0).deployments[0].rolloutState, 'IN_PROGRESS');
    });
  });

  describe('bake time', () => {
    const BAKE = 60_000;
    const done = `(service web) (deployment ${NEW}) deployment completed.`;
    const steady = '(service web) has reached a steady state.';
    const failed = `(service web) (deployment ${NEW}) deployment failed: alarm detected.`;
    const newSet = () => many(3, () => task(NEW, 'healthy'));
    const lostOne = () => [...many(2, () => task(NEW, 'healthy')), task(NEW, 'healthy', { active: false, stopped: true })];
    interface Case {
      name: string; now: number; tasks: () => RolloutTask[];
      /** Given: the bake's start so far, the bake time (60 s unless said), the alarms in ALARM and alarms.rollback. */
      bakeStartedAt?: number; bakeMs?: number; triggered?: string[]; rollback?: boolean;
      /** Expected: the rollout state, the bake's start, when to look again, events, and a rollback to OLD. */
      state: string; bakingSince?: number; bakeUntil?: number; events: string[]; rollsBack?: boolean;
    }
    const cases: Case[] = [
      { name: 'settling starts the bake: IN_PROGRESS, no steady state yet', now: 5_000, tasks: newSet, state: 'IN_PROGRESS', bakingSince: 5_000, bakeUntil: 65_000, events: [] },
      { name: 'still baking a millisecond before the end', bakeStartedAt: 5_000, now: 64_999, tasks: newSet, state: 'IN_PROGRESS', bakingSince: 5_000, bakeUntil: 65_000, events: [] },
      { name: 'completes when the bake ends, then announces the steady state', bakeStartedAt: 5_000, now: 65_000, tasks: newSet, state: 'COMPLETED', bakingSince: 5_000, events: [done, steady] },
      { name: 'no existing alarm, no bake: completes at once', bakeMs: 0, now: 5_000, tasks: newSet, state: 'COMPLETED', events: [done, steady] },
      { name: 'a task lost during the bake: the bake keeps its start, nothing completes', bakeStartedAt: 5_000, now: 70_000, tasks: lostOne, state: 'IN_PROGRESS', bakingSince: 5_000, events: [] },
      { name: 'an alarm during the bake fails the deployment and rolls back', bakeStartedAt: 5_000, triggered: ['high-5xx'], rollback: true, now: 30_000, tasks: newSet, state: 'FAILED', bakingSince: 5_000, events: [failed], rollsBack: true },
      // Settled but FAILED: the service is steady on the failed deployment, as without a bake.
      { name: 'an alarm during the bake without rollback: FAILED, never completed', bakeStartedAt: 5_000, triggered: ['high-5xx'], rollback: false, now: 90_000, tasks: newSet, state: 'FAILED', bakingSince: 5_000, events: [failed, steady] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const s = service({
          deployments: [dep(NEW, 'PRIMARY', { everHealthy: true, bakeStartedAt: c.bakeStartedAt })], lastCompletedDeploymentId: OLD,
          alarms: { triggered: c.triggered ?? [], rollback: c.rollback ?? false, bakeMs: c.bakeMs ?? BAKE },
        });
        const p = planRollout(s, c.tasks(), c.now);
        assert.equal(p.deployments[0].rolloutState, c.state);
        assert.equal(p.deployments[0].bakeStartedAt, c.bakingSince);
        assert.equal(p.bakeUntil, c.bakeUntil);
        assert.deepEqual(p.events, c.events);
        assert.equal(p.steady, c.events.includes(steady));
        assert.equal(p.completed, c.state === 'COMPLETED' ? NEW : undefined);
        assert.deepEqual(p.rollback, c.rollsBack ? { failedDeploymentId: NEW, toDeploymentId: OLD } : undefined);
      });
    }

    it('the old deployment retires when its tasks are gone, before the bake ends', () => {
      const tasks = [...newSet(), task(OLD, 'healthy', { active: false, stopped: true })];
      const p = planRollout(rolling({ alarms: { triggered: [], rollback: true, bakeMs: BAKE } }), tasks, 0);
      assert.deepEqual(p.retired, [OLD]);
      assert.equal(p.bakeUntil, BAKE);
    });

    it('does not start while old tasks still run', () => {
      const p = planRollout(rolling({ alarms: { triggered: [], rollback: true, bakeMs: BAKE } }), [...newSet(), task(OLD, 'healthy', { active: false })], 0);
      assert.equal(p.deployments[0].bakeStartedAt, undefined);
      assert.equal(p.bakeUntil, undefined);
    });
  });

  it('stops evaluating the circuit breaker once a task was healthy', () => {
    const s = service({ circuitBreaker: { enable: true, rollback: true } });
    const tasks = [task(NEW, 'healthy'), ...many(5, () => task(NEW, 'starting', { active: false, stopped: true }))];
    const p = planRollout(s, tasks, 0);
    assert.equal(p.deployments[0].everHealthy, true);
    assert.equal(p.deployments[0].rolloutState, 'IN_PROGRESS');
  });
});

describe('rolloutHealth', () => {
  const base = { running: true, startedAt: 0, containerHealth: 'UNKNOWN' as const, hasEssentialHealthCheck: false, graceSeconds: 0 };
  it('not running yet is starting', () => assert.equal(rolloutHealth({ ...base, running: false }, 0).health, 'starting'));
  it('without health checks counts 40 s after RUNNING', () => {
    assert.equal(rolloutHealth(base, 39_999).health, 'starting');
    assert.equal(rolloutHealth(base, 40_000).health, 'healthy');
  });
  it('with an essential health check follows it', () => {
    assert.equal(rolloutHealth({ ...base, hasEssentialHealthCheck: true, containerHealth: 'HEALTHY' }, 1).health, 'healthy');
    assert.deepEqual(rolloutHealth({ ...base, hasEssentialHealthCheck: true, containerHealth: 'UNHEALTHY' }, 1), { health: 'unhealthy', reason: 'Task failed container health checks' });
  });
  it('behind a load balancer needs every target healthy', () => {
    const targets = [{ state: 'healthy', targetGroupArn: 'a' }, { state: 'initial', targetGroupArn: 'b' }];
    assert.equal(rolloutHealth({ ...base, targets }, 1).health, 'starting');
    assert.equal(rolloutHealth({ ...base, targets: [targets[0]] }, 1).health, 'healthy');
    assert.deepEqual(rolloutHealth({ ...base, targets: [{ state: 'unhealthy', targetGroupArn: 'arn:tg' }] }, 1),
      { health: 'unhealthy', reason: 'Task failed ELB health checks in (target-group arn:tg)' });
  });
  it('ignores failing checks during the grace period', () => {
    const g = { ...base, graceSeconds: 60, targets: [{ state: 'unhealthy', targetGroupArn: 'x' }] };
    assert.equal(rolloutHealth(g, 59_000).health, 'starting');
    assert.equal(rolloutHealth(g, 61_000).health, 'unhealthy');
  });
});

describe('planRollout on a draining container instance', () => {
  // desired 6, two tasks on the draining instance; [min%, max%, starts, stops, steady]
  const cases: [string, number, number, number, number, boolean][] = [
    ['min 100 / max 200: replacements first, no stop yet', 100, 200, 2, 0, false],
    ['min 50 / max 100: stops first within the healthy floor', 50, 100, 0, 2, false],
    ['min 100 / max 100: nothing can move (AWS: draining blocks)', 100, 100, 0, 0, false],
  ];
  for (const [name, min, max, start, stops, steady] of cases) {
    it(name, () => {
      const tasks = [...many(4, () => task(NEW, 'healthy')), ...many(2, () => task(NEW, 'healthy', { draining: true }))];
      const p = planRollout(service({ desiredCount: 6, minimumHealthyPercent: min, maximumPercent: max, steady: true }), tasks, 0);
      assert.equal(p.start, start);
      assert.equal(p.stop.length, stops);
      assert.equal(p.steady, steady);
    });
  }

  it('stops the drained tasks once their replacements are healthy, pending ones at once', () => {
    const tasks = [...many(6, () => task(NEW, 'healthy')), task(NEW, 'healthy', { draining: true }), task(NEW, 'starting', { draining: true })];
    const p = planRollout(service({ desiredCount: 6 }), tasks, 0);
    assert.equal(p.start, 0);
    assert.deepEqual(p.stop.map((s) => s.taskArn).sort(), tasks.slice(6).map((t) => t.taskArn).sort());
  });
});

describe('planRollout scale-in order', () => {
  it('stops the tasks the placement strategies would stop first, not merely the newest', () => {
    const tasks = [task(NEW, 'healthy', { scaleInOrder: 1 }), task(NEW, 'healthy'), task(NEW, 'healthy', { scaleInOrder: 0 }), task(NEW, 'healthy')];
    const p = planRollout(service({ desiredCount: 2, steady: true }), tasks, 0);
    assert.deepEqual(p.stop.map((s) => s.taskArn), [tasks[2].taskArn, tasks[0].taskArn]);
  });
  it('still stops unhealthy tasks before healthy ones', () => {
    const tasks = [task(NEW, 'healthy', { scaleInOrder: 0 }), task(NEW, 'starting'), task(NEW, 'healthy', { scaleInOrder: 1 })];
    const p = planRollout(service({ desiredCount: 2, steady: true }), tasks, 0);
    assert.deepEqual(p.stop.map((s) => s.taskArn), [tasks[1].taskArn]);
  });
});
