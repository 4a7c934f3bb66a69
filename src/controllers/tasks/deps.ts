/** What the task controller's steps share. */
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { ContainerRuntime } from '../../runtime/runtime.js';
import { RuntimePool } from '../../runtime/runtime-pool.js';
import { StopCode, TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { Store } from '../../state/store.js';
import { ImageResolver } from '../../services/ecr/domain/ports.js';
import { TargetRegistry } from '../../services/elbv2/domain/ports.js';
import { AwsvpcNetworks } from './awsvpc.js';
import { HostNetworking } from './host-networking.js';
import { SecretSources } from './task-secrets.js';
import { TaskContainers } from './observe.js';

export interface TaskControllerDeps {
  store: Store;
  /** The engine of the task being worked on: the local one, or its host's (TaskController.onHost). */
  runtime: ContainerRuntime;
  /** Every Docker host's runtime; absent: the local engine only. */
  runtimes?: RuntimePool;
  /**
   * A remote host's way to Berth's registry (`host:port`), which replaces the local `localhost:<port>`
   * in pulls of Berth's images; null on a remote host that has none (such pulls fail).
   */
  pullRegistry?: string | null;
  clock: Clock;
  log: Logger;
  /** Labels every container so that several Berths can share one engine. */
  ownerId: string;
  publishIp: string;
  stoppedTaskRetentionMs: number;
  concurrency: number;
  /** The awsvpc networks of the task's engine (a remote host's come from `hostNetworking`). */
  networks: AwsvpcNetworks;
  pauseImage: string;
  /** Sets remote hosts up for their tasks; absent: the local engine only. */
  hostNetworking?: HostNetworking;
  /** Maps an image to the ref to pull and its registry credentials (Berth's ECR images); undefined: pull as named. */
  resolveImage?: ImageResolver;
  /** Elastic Load Balancing, for tasks of services with load balancers. */
  targets?: TargetRegistry;
  /** The task roles and the stores of secret values (SSM, Secrets Manager); undefined without IAM. */
  secrets?: SecretSources;
  /** Berth serves the agent's credentials and metadata endpoints at 169.254.170.2: containers get their variables. */
  taskEndpoint?: boolean;
}

/** One reconcile pass over one task: a working copy of the document and what the runtime shows. */
export interface TaskPass {
  key: string;
  t: TaskDoc;
  containers: TaskContainers;
  now: Date;
  /** Ask to be run again after this many ms (timers such as startTimeout). */
  requeueAfterMs?: number;
}

/** The latest of ISO timestamps (they sort as strings); undefined ones are ignored. */
export function latest(...times: (string | undefined)[]): string {
  return times.filter((t): t is string => t !== undefined).sort().pop()!;
}

/** Asks for the task to stop; stoppingAt never precedes the pull or the start, as on AWS. */
export function failTask(p: TaskPass, stopCode: StopCode, reason: string): void {
  if (p.t.desiredStatus === 'STOPPED') return;
  p.t.desiredStatus = 'STOPPED';
  p.t.stopCode = stopCode;
  p.t.stoppedReason = reason.slice(0, 1024);
  p.t.stoppingAt = latest(p.now.toISOString(), p.t.pullStoppedAt, p.t.startedAt);
}
