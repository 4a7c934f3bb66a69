/**
 * The service scheduler: keeps each service's tasks at its desired count and rolls
 * deployments forward (or back) within minimumHealthyPercent/maximumPercent. Driven by
 * API writes to the service, changes of its tasks, and timers (health, throttling,
 * placement retries). The decisions are `planRollout`; this file applies them.
 */
import { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/ids.js';
import { Logger } from '../../platform/log.js';
import { TargetRegistry } from '../../services/elbv2/domain/ports.js';
import { AlarmService } from '../../services/cloudwatch/domain/ports.js';
import { Scope } from '../../platform/aws/scope.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { ServiceDoc } from '../../services/ecs/domain/service-doc.js';
import { serviceTasks } from '../../services/ecs/domain/service-view.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { ContainerInstanceDoc, listInstances } from '../../services/ecs/domain/container-instances.js';
import { Change, Store } from '../../state/store.js';
import { WorkQueue } from '../../platform/work-queue.js';
import { HostAccessPolicy } from '../../platform/config.js';
import { OutageLog } from '../outage-log.js';
import { planRollout, ServiceRollout } from '../../services/ecs/domain/rollout.js';
import { applyPlan, applyStopRequest, daemonCount, scopeOfKey } from './service-apply.js';
import { requestedStop } from '../../services/ecs/domain/service-deployments.js';
import { launchThrottle, nextHealthChangeMs, scaleInOrder, toRolloutTask } from './service-tasks.js';

export interface ServiceControllerDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  targets?: TargetRegistry;
  /** The operator's --allow-* settings, which the scheduler's launches honour like RunTask's. */
  hostAccess: HostAccessPolicy;
  /** CloudWatch, for deployment alarms; without it they are never triggered. */
  alarms?: AlarmService;
}

/** While a deployment with alarms is in progress, read their states this often. */
const ALARM_POLL_MS = 1000;

/** While a deployment waits on load-balancer health, look again this often. */
const HEALTH_POLL_MS = 1000;

export function serviceKeyOfTask(taskKey: string, group: string): string | undefined {
  if (!group.startsWith('service:')) return undefined;
  return `${taskKey.slice(0, taskKey.lastIndexOf('/'))}/${group.slice('service:'.length)}`;
}

export class ServiceController {
  private readonly queue: WorkQueue;
  private unsubscribe?: () => void;

  constructor(private readonly deps: ServiceControllerDeps) {
    const outage = new OutageLog(deps.log, 'service reconcile');
    this.queue = new WorkQueue((key) => this.reconcile(key), 4, (key, err) => outage.failed(key, err), () => outage.succeeded());
  }

  async start(): Promise<void> {
    this.unsubscribe = this.deps.store.watch((c) => this.onChange(c));
    for (const rec of this.deps.store.list<ServiceDoc>(KIND.service)) {
      if (rec.doc.status !== 'INACTIVE') this.queue.add(rec.id);
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.queue.close();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private onChange(change: Change): void {
    if (change.kind === KIND.service && change.record) {
      const doc = change.record.doc as ServiceDoc;
      const previous = change.previous as ServiceDoc | undefined;
      if (!previous || previous.berth.generation !== doc.berth.generation) this.queue.add(change.id);
    } else if (change.kind === KIND.task && change.record) {
      const key = serviceKeyOfTask(change.id, (change.record.doc as TaskDoc).group);
      if (key) this.queue.add(key);
    } else if (change.kind === KIND.containerInstance && change.record) {
      const was = change.previous as ContainerInstanceDoc | undefined;
      const doc = change.record.doc as ContainerInstanceDoc;
      // An instance that starts or stops draining, or comes or goes, changes where services may run.
      if (was?.status !== doc.status || was?.agentConnected !== doc.agentConnected) this.queueCluster(change.id);
    }
  }

  /** Every service of the cluster a container instance key (region/account/cluster/id) belongs to. */
  private queueCluster(instanceKey: string): void {
    const prefix = instanceKey.slice(0, instanceKey.lastIndexOf('/') + 1);
    for (const rec of this.deps.store.list<ServiceDoc>(KIND.service, { prefix })) if (rec.doc.status !== 'INACTIVE') this.queue.add(rec.id);
  }

  private async reconcile(key: string): Promise<void> {
    const { store, clock, targets } = this.deps;
    const rec = store.get<ServiceDoc>(KIND.service, key);
    if (!rec || rec.doc.status === 'INACTIVE') return;
    const svc = rec.doc;
    const stopType = svc.deployments[0] && requestedStop(store, svc.deployments[0].berth.serviceDeploymentArn);
    if (stopType) {
      applyStopRequest({ store, clock, id: uuid, hostAccess: this.deps.hostAccess }, key, rec.version, stopType, clock.now());
      return this.queue.add(key);
    }
    const scope = scopeOfKey(key);
    const cluster = svc.clusterArn.split('/').pop()!;
    const now = clock.now();
    const tasks = serviceTasks(store, scope, cluster, svc.serviceName);
    const throttle = launchThrottle(tasks, svc.deployments[0]?.id ?? '');
    const desiredCount = svc.schedulingStrategy === 'DAEMON' && svc.status === 'ACTIVE' ? daemonCount(store, scope, cluster) : svc.desiredCount;
    const rollout: ServiceRollout = {
      name: svc.serviceName,
      desiredCount,
      minimumHealthyPercent: svc.deploymentConfiguration.minimumHealthyPercent,
      maximumPercent: svc.deploymentConfiguration.maximumPercent,
      circuitBreaker: svc.deploymentConfiguration.deploymentCircuitBreaker,
      deployments: svc.deployments.map((d) => ({
        id: d.id, status: d.status, rolloutState: d.rolloutState, rolloutStateReason: d.rolloutStateReason,
        failedTasks: d.failedTasks, countedFailures: d.berth.countedFailures, everHealthy: d.berth.everHealthy,
        ...(d.berth.bakeStartedAt ? { bakeStartedAt: Date.parse(d.berth.bakeStartedAt) } : {}),
      })),
      lastCompletedDeploymentId: svc.berth.lastCompletedDeploymentId,
      steady: svc.berth.steady,
      launchBlockedUntil: throttle.blockedUntil,
      alarms: this.deploymentAlarms(svc, scope),
    };
    const instances = listInstances(store, scope, cluster);
    const draining = new Set(instances.filter((i) => i.status === 'DRAINING').map((i) => i.containerInstanceArn));
    const order = scaleInOrder(store, scope, cluster, svc, tasks, instances, desiredCount);
    const plan = planRollout(rollout, tasks.map((t) => ({ ...toRolloutTask(t, svc, targets, now.getTime(), draining), scaleInOrder: order.get(t.taskArn) })), now.getTime());
    if (throttle.blockedUntil && throttle.blockedUntil > now.getTime()) plan.events.push(`(service ${svc.serviceName}) is unable to consistently start tasks successfully.`);
    const outcome = applyPlan({ store, clock, id: uuid, hostAccess: this.deps.hostAccess }, key, rec.version, { ...svc, desiredCount }, tasks, plan, now);
    // A rollback created the deployment to return to; plan its launches now, not at the next timer.
    if (plan.rollback && !outcome.conflict) return this.queue.add(key);
    this.scheduleFollowUp(key, svc, tasks, outcome, [throttle.blockedUntil, plan.bakeUntil], now.getTime());
  }

  /**
   * The deployment alarms that entered ALARM after the primary deployment was created, and
   * the bake time: the longest time until one of them evaluates only datapoints from after
   * the steady state (Period × EvaluationPeriods plus an evaluation interval; alarms that
   * do not exist add nothing). AWS does not document its own formula.
   */
  private deploymentAlarms(svc: ServiceDoc, scope: Scope): ServiceRollout['alarms'] {
    const cfg = svc.deploymentConfiguration.alarms;
    const primary = svc.deployments[0];
    if (!cfg?.enable || !this.deps.alarms || !primary) return undefined;
    const since = Date.parse(primary.createdAt);
    const states = (cfg.alarmNames ?? []).flatMap((name) => {
      const state = this.deps.alarms!.alarmState(scope, name);
      return state ? [{ name, ...state }] : [];
    });
    const triggered = states.filter((a) => a.state === 'ALARM' && a.updated.getTime() > since).map((a) => a.name);
    const bakeMs = Math.max(0, ...states.map((a) => (a.freshEvaluationSeconds ?? 0) * 1000));
    return { triggered, rollback: cfg.rollback ?? false, bakeMs };
  }

  /** `wakeAt`: moments (ms) to look again at, such as the end of launch throttling or of a bake. */
  private scheduleFollowUp(key: string, svc: ServiceDoc, tasks: TaskDoc[], outcome: { retryAfterMs?: number; conflict: boolean }, wakeAt: (number | undefined)[], now: number): void {
    if (outcome.conflict) return this.queue.add(key);
    const waits: number[] = [];
    // Alarm states live in CloudWatch, which wakes no one: look while a deployment (baking too) watches them.
    if (this.deps.alarms && svc.deploymentConfiguration.alarms?.enable && svc.deployments[0]?.rolloutState === 'IN_PROGRESS') waits.push(ALARM_POLL_MS);
    if (outcome.retryAfterMs) waits.push(outcome.retryAfterMs);
    const healthTimer = nextHealthChangeMs(tasks, now);
    if (healthTimer) waits.push(healthTimer);
    const watchingTargets = tasks.some((t) => (t.berth.loadBalancers ?? []).length > 0 && t.lastStatus === 'RUNNING');
    // ELB health lives in the load balancer's records; poll it while there are targets to watch.
    if (watchingTargets) waits.push(HEALTH_POLL_MS);
    for (const at of wakeAt) if (at && at > now) waits.push(at - now + 50);
    if (waits.length) this.queue.addAfter(key, Math.min(...waits));
  }
}
