/**
 * The rolling-update scheduler as a pure function: given a service's deployments and
 * tasks at `now`, which tasks to start and stop, how the deployments' rollout states
 * and circuit breaker move on, and which events to emit. No I/O, no clock reads.
 *
 * Bounds (AWS): at most floor(D × maximumPercent / 100) tasks RUNNING or PENDING, at
 * least ceil(D × minimumHealthyPercent / 100) healthy tasks, where D = desiredCount.
 */

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentState {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  rolloutState: RolloutState;
  rolloutStateReason: string;
  failedTasks: number;
  /** Task ARNs already counted as failed, so each failure counts once. */
  countedFailures: string[];
  /** The deployment had a healthy task: the circuit breaker stops evaluating it. */
  everHealthy: boolean;
  /** With deployment alarms: when the deployment first settled, which starts its bake (ms). */
  bakeStartedAt?: number;
}

export type TaskHealth = 'healthy' | 'starting' | 'unhealthy';

export interface RolloutTask {
  taskArn: string;
  deploymentId: string;
  /** Desired RUNNING and not STOPPED yet. */
  active: boolean;
  /** lastStatus is STOPPED. */
  stopped: boolean;
  everRunning: boolean;
  health: TaskHealth;
  /** Why the task is unhealthy, as the stop reason AWS gives. */
  unhealthyReason?: string;
  /** The scheduler or a user stopped it on purpose (not a failure). */
  stoppedOnPurpose: boolean;
  createdAt: number;
  /** It runs on a DRAINING container instance: it is replaced like a task of an old deployment. */
  draining?: boolean;
  /** Its place in the order the placement strategies would stop the service's tasks (AZ balance); lower goes first. */
  scaleInOrder?: number;
}

export interface ServiceRollout {
  name: string;
  desiredCount: number;
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker?: { enable: boolean; rollback: boolean };
  /**
   * deploymentConfiguration.alarms when enabled: the alarms that entered ALARM since the
   * primary deployment started (one already in ALARM then does not count, as on AWS), and
   * the bake time, how long a settled deployment stays IN_PROGRESS under their watch.
   */
  alarms?: { triggered: string[]; rollback: boolean; bakeMs: number };
  /** [0] is the PRIMARY deployment. */
  deployments: DeploymentState[];
  /** The last deployment that completed, which a rollback returns to. */
  lastCompletedDeploymentId?: string;
  /** A steady state was announced and nothing changed since. */
  steady: boolean;
  /** Launches are throttled until then (ms since epoch). */
  launchBlockedUntil?: number;
}

export interface RolloutPlan {
  start: number;
  stop: { taskArn: string; reason: string }[];
  deployments: DeploymentState[];
  /** Deployment ids that drained and leave the list (INACTIVE). */
  retired: string[];
  /** Set when the circuit breaker or an alarm failed the primary and a rollback is asked for. */
  rollback?: { failedDeploymentId: string; toDeploymentId: string };
  /** The deployment alarms that failed the primary in this pass. */
  triggeredAlarms?: string[];
  completed?: string;
  /** The primary settled and bakes until then (ms): look again at that time. */
  bakeUntil?: number;
  steady: boolean;
  events: string[];
}

/** AWS: threshold = ceil(0.5 × desiredCount), at least 3 and at most 200. */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

export function bounds(desiredCount: number, minPercent: number, maxPercent: number) {
  return {
    maxTotal: Math.floor((desiredCount * maxPercent) / 100),
    minHealthy: Math.ceil((desiredCount * minPercent) / 100),
  };
}

function updateCircuitBreaker(s: ServiceRollout, primary: DeploymentState, tasks: RolloutTask[], events: string[]): DeploymentState {
  const mine = tasks.filter((t) => t.deploymentId === primary.id);
  const next = { ...primary, countedFailures: [...primary.countedFailures] };
  if (mine.some((t) => t.health === 'healthy')) {
    next.everHealthy = true;
    next.failedTasks = 0;
  }
  if (next.everHealthy || next.rolloutState !== 'IN_PROGRESS') return next;
  for (const t of mine) {
    if (t.stopped && !t.stoppedOnPurpose && !next.countedFailures.includes(t.taskArn)) {
      next.countedFailures.push(t.taskArn);
      next.failedTasks += 1;
    }
  }
  if (s.circuitBreaker?.enable && next.failedTasks >= circuitBreakerThreshold(s.desiredCount)) {
    next.rolloutState = 'FAILED';
    next.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
    events.push(`(service ${s.name}) (deployment ${primary.id}) deployment failed: tasks failed to start.`);
  }
  return next;
}

/** Picks `n` tasks to stop: unhealthy and starting ones first, then in scale-in order (zone balance), then the newest. */
function pickToStop(tasks: RolloutTask[], n: number): RolloutTask[] {
  const rank = (t: RolloutTask) => (t.health === 'healthy' ? 1 : 0);
  const order = (t: RolloutTask) => t.scaleInOrder ?? Number.MAX_SAFE_INTEGER;
  return [...tasks].sort((a, b) => rank(a) - rank(b) || order(a) - order(b) || b.createdAt - a.createdAt).slice(0, Math.max(0, n));
}

/** A deployment alarm in ALARM fails an IN_PROGRESS primary. */
function checkAlarms(s: ServiceRollout, primary: DeploymentState, events: string[]): DeploymentState {
  const triggered = s.alarms?.triggered ?? [];
  if (primary.rolloutState !== 'IN_PROGRESS' || triggered.length === 0) return primary;
  events.push(`(service ${s.name}) (deployment ${primary.id}) deployment failed: alarm detected.`);
  return { ...primary, rolloutState: 'FAILED', rolloutStateReason: `ECS deployment failed: alarm(s) detected: ${triggered.join(', ')}.` };
}

export function planRollout(s: ServiceRollout, tasks: RolloutTask[], now: number): RolloutPlan {
  const events: string[] = [];
  const byBreaker = updateCircuitBreaker(s, s.deployments[0], tasks, events);
  const primary = checkAlarms(s, byBreaker, events);
  const plan: RolloutPlan = { start: 0, stop: [], deployments: [primary, ...s.deployments.slice(1)], retired: [], steady: s.steady, events };
  const failedNow = primary.rolloutState === 'FAILED' && s.deployments[0].rolloutState !== 'FAILED';
  const byAlarm = failedNow && byBreaker.rolloutState !== 'FAILED';
  if (byAlarm) plan.triggeredAlarms = s.alarms!.triggered;
  const wantsRollback = byAlarm ? s.alarms?.rollback : s.circuitBreaker?.rollback;
  if (failedNow && wantsRollback && s.lastCompletedDeploymentId) {
    plan.rollback = { failedDeploymentId: primary.id, toDeploymentId: s.lastCompletedDeploymentId };
    return plan;
  }
  const active = tasks.filter((t) => t.active);
  const stopping = new Set<string>();
  const stop = (t: RolloutTask, reason: string) => {
    if (stopping.has(t.taskArn)) return;
    stopping.add(t.taskArn);
    plan.stop.push({ taskArn: t.taskArn, reason });
  };
  const scaling = `Scaling activity initiated by (deployment ${primary.id})`;
  for (const t of active) if (t.health === 'unhealthy') stop(t, t.unhealthyReason ?? 'Task failed container health checks');
  const live = active.filter((t) => !stopping.has(t.taskArn));
  const mine = live.filter((t) => t.deploymentId === primary.id && !t.draining);
  const old = live.filter((t) => t.deploymentId !== primary.id || t.draining);
  const D = s.desiredCount;
  const { maxTotal, minHealthy } = bounds(D, s.minimumHealthyPercent, s.maximumPercent);

  // Scale-in of the primary itself, then old tasks that do not count toward health.
  for (const t of pickToStop(mine, mine.length - D)) stop(t, scaling);
  for (const t of old.filter((x) => x.health !== 'healthy')) stop(t, scaling);
  const healthy = live.filter((t) => t.health === 'healthy' && !stopping.has(t.taskArn)).length;
  const oldHealthy = old.filter((t) => t.health === 'healthy');
  for (const t of pickToStop(oldHealthy, Math.min(oldHealthy.length, healthy - minHealthy))) stop(t, scaling);

  // Tasks being stopped in this pass still run until they are gone, so they count.
  const total = active.length;
  const primaryCount = Math.min(mine.length, D);
  const launchesAllowed = primary.rolloutState !== 'FAILED' && !(s.launchBlockedUntil && s.launchBlockedUntil > now);
  if (launchesAllowed) plan.start = Math.max(0, Math.min(D - primaryCount, maxTotal - total));
  const stuck = launchesAllowed && D - primaryCount > 0 && plan.start === 0 && plan.stop.length === 0 && live.every((t) => t.health === 'healthy') && old.length > 0;
  if (stuck) events.push(`(service ${s.name}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.`);

  settle(s, plan, tasks, primary, now);
  return plan;
}

/**
 * Retires drained deployments, completes the primary, and announces a steady state. With
 * deployment alarms the primary first bakes: the bake counts from the first pass that found
 * it settled, and AWS announces the steady state only once the bake completes.
 */
function settle(s: ServiceRollout, plan: RolloutPlan, tasks: RolloutTask[], primary: DeploymentState, now: number): void {
  const remaining = (id: string) => tasks.filter((t) => t.deploymentId === id && !t.stopped).length;
  const kept: DeploymentState[] = [primary];
  for (const d of s.deployments.slice(1)) {
    if (remaining(d.id) === 0) plan.retired.push(d.id);
    else kept.push(d);
  }
  plan.deployments = kept;
  const mine = tasks.filter((t) => t.deploymentId === primary.id && t.active && !t.draining);
  const settled = plan.start === 0 && plan.stop.length === 0 && kept.length === 1 &&
    mine.length === s.desiredCount && mine.every((t) => t.health === 'healthy');
  if (!settled) {
    plan.steady = false;
    return;
  }
  if (primary.rolloutState === 'IN_PROGRESS') {
    const bakeStartedAt = primary.bakeStartedAt ?? now;
    const bakeUntil = bakeStartedAt + (s.alarms?.bakeMs ?? 0);
    if (now < bakeUntil) {
      plan.deployments = [{ ...primary, bakeStartedAt }];
      plan.bakeUntil = bakeUntil;
      return;
    }
    plan.deployments = [{ ...primary, rolloutState: 'COMPLETED', rolloutStateReason: `ECS deployment ${primary.id} completed.` }];
    plan.completed = primary.id;
    plan.events.push(`(service ${s.name}) (deployment ${primary.id}) deployment completed.`);
  }
  if (!s.steady) {
    plan.events.push(`(service ${s.name}) has reached a steady state.`);
    plan.steady = true;
  }
}

/**
 * Whether a RUNNING service task counts as healthy: behind a load balancer its targets
 * must be healthy; with essential container health checks it must be HEALTHY; otherwise
 * it counts 40 s after reaching RUNNING (AWS's rule for tasks without health checks).
 */
export function rolloutHealth(t: {
  running: boolean; startedAt?: number; containerHealth: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'; hasEssentialHealthCheck: boolean;
  targets?: { state: string; targetGroupArn: string }[]; graceSeconds: number;
}, now: number): { health: TaskHealth; reason?: string } {
  if (!t.running || t.startedAt === undefined) return { health: 'starting' };
  const inGrace = now - t.startedAt < t.graceSeconds * 1000;
  if (t.hasEssentialHealthCheck && t.containerHealth === 'UNHEALTHY' && !inGrace) {
    return { health: 'unhealthy', reason: 'Task failed container health checks' };
  }
  if (t.targets && t.targets.length > 0) {
    const bad = t.targets.find((x) => x.state === 'unhealthy');
    if (bad && !inGrace) return { health: 'unhealthy', reason: `Task failed ELB health checks in (target-group ${bad.targetGroupArn})` };
    return { health: t.targets.every((x) => x.state === 'healthy') ? 'healthy' : 'starting' };
  }
  if (t.hasEssentialHealthCheck) return { health: t.containerHealth === 'HEALTHY' ? 'healthy' : 'starting' };
  return { health: now - t.startedAt >= 40_000 ? 'healthy' : 'starting' };
}
