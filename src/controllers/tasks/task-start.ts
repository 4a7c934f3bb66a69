/**
 * Bringing a task up: PROVISIONING (awsvpc network namespace) → PENDING (images,
 * volumes, containers created and started as dependencies allow) → ACTIVATING → RUNNING.
 * Every step is idempotent: it looks at what the runtime already has first.
 */
import { parseArn } from '../../platform/aws/arn.js';
import { uuid } from '../../platform/ids.js';
import { RuntimeError } from '../../runtime/runtime.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { eniAttachment, pauseSpec } from './awsvpc.js';
import { cgroupName, containerSpec, dockerName, taskLabels, taskNanoCpus, volumeName } from './container-spec.js';
import { failTask, latest, TaskControllerDeps, TaskPass } from './deps.js';
import { exitedEssential, startedTaskStatus, startVerdict, taskHealth } from './lifecycle.js';
import { containerFields, observeAll } from './observe.js';
import { agentEnvironment } from '../../services/ecs/domain/agent-endpoint.js';
import { ecrPullKey, ExecutionResourceError, readContainerSecrets, readRegistryAuth, RegistryAuth, RESOURCE_INIT, SecretSources } from './task-secrets.js';
import { ResolvedImage } from '../../services/ecr/domain/ports.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** The engine did not answer in time: transient, the reconcile is retried with backoff. */
const timedOut = (e: unknown) => e instanceof RuntimeError && e.kind === 'Timeout';

async function provision(p: TaskPass, deps: TaskControllerDeps, activeOnNetwork: (network: string) => number): Promise<void> {
  const { t } = p;
  if (t.berth.networkMode !== 'awsvpc') return;
  let pause = p.containers.pause;
  const network = t.berth.networkName ?? (await deps.networks.networkFor(activeOnNetwork));
  t.berth.networkName = network;
  if (!pause) {
    const id = await deps.runtime.createContainer(pauseSpec(t, deps.ownerId, deps.pauseImage, network));
    await deps.runtime.startContainer(id);
    pause = await deps.runtime.inspectContainer(id);
    p.containers.pause = pause;
  } else if (!pause.running) {
    await deps.runtime.startContainer(pause.id);
    pause = await deps.runtime.inspectContainer(pause.id);
  }
  if (!pause) throw new RuntimeError('pause container vanished', 'NotFound');
  const precreated = t.attachments.find((a) => a.type === 'ElasticNetworkInterface');
  if (precreated?.status !== 'ATTACHED') {
    const eni = eniAttachment(t, pause, network, precreated?.id ?? uuid());
    const ip = eni.details.find((d) => d.name === 'privateIPv4Address')!.value;
    t.attachments = [eni, ...t.attachments.filter((a) => a !== precreated)];
    t.containers = t.containers.map((c) => ({ ...c, networkInterfaces: [{ attachmentId: eni.id, privateIpv4Address: ip }] }));
  }
}

async function ensureVolumes(t: TaskDoc, deps: TaskControllerDeps): Promise<void> {
  for (const v of t.berth.volumes) {
    if (v.host?.sourcePath) continue;
    const cfg = v.dockerVolumeConfiguration;
    if (cfg?.scope === 'shared' && cfg.autoprovision === false) continue;
    await deps.runtime.ensureVolume(volumeName(t, v), {
      driver: cfg?.driver, driverOpts: cfg?.driverOpts,
      labels: { ...(cfg?.labels ?? {}), ...(cfg?.scope === 'shared' ? {} : taskLabels(t, deps.ownerId)) },
    });
  }
}

/** What the agent reads for the containers about to be created: secret variables and registry credentials. */
interface AgentResources {
  env: Record<string, Record<string, string>>;
  /** By image. */
  registryAuth: Record<string, RegistryAuth>;
}

function readAgentResources(p: TaskPass, deps: TaskControllerDeps): AgentResources | undefined {
  const { t } = p;
  const missing = t.berth.containers.filter((c) => !p.containers.byName[c.name!]);
  if (!missing.some((c) => c.secrets?.length || c.repositoryCredentials?.credentialsParameter)) return { env: {}, registryAuth: {} };
  const arn = parseArn(t.taskArn)!;
  const scope = { region: arn.region, accountId: arn.accountId };
  try {
    if (!deps.secrets) throw new ExecutionResourceError('IAM is not running, so no execution role can be assumed');
    const registryAuth: Record<string, RegistryAuth> = {};
    for (const def of missing) {
      const auth = readRegistryAuth(t, def, deps.secrets, scope);
      if (auth) registryAuth[def.image!] = auth;
    }
    return { env: readContainerSecrets(t, missing, deps.secrets, scope), registryAuth };
  } catch (e) {
    if (!(e instanceof ExecutionResourceError)) throw e;
    failTask(p, 'TaskFailedToStart', RESOURCE_INIT + e.message);
    return undefined;
  }
}

/** The execution role's session key for ECR pulls, or undefined when the task was failed. */
function executionPullKey(p: TaskPass, deps: SecretSources): string | undefined {
  const arn = parseArn(p.t.taskArn)!;
  try {
    return ecrPullKey(p.t, deps, { region: arn.region, accountId: arn.accountId });
  } catch (e) {
    if (!(e instanceof ExecutionResourceError)) throw e;
    failTask(p, 'TaskFailedToStart', RESOURCE_INIT + e.message);
    return undefined;
  }
}

/** The registry host of an image reference, as Docker names it for credentials. */
function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'https://index.docker.io/v1/';
}

/** Berth's images as a remote host reaches them: its registry address instead of Berth's loopback one. */
export function onPullRegistry(resolved: ResolvedImage, pullRegistry: string | null | undefined): ResolvedImage {
  if (pullRegistry === undefined || !resolved.auth) return resolved;
  const local = resolved.auth.serverAddress;
  if (pullRegistry === null) throw new Error(`Berth's registry is not reachable from this host (add it with --registry)`);
  return { ref: pullRegistry + resolved.ref.slice(local.length), auth: { ...resolved.auth, serverAddress: pullRegistry } };
}

async function ensureImages(p: TaskPass, deps: TaskControllerDeps, registryAuth: Record<string, RegistryAuth>): Promise<boolean> {
  const missing = p.t.berth.containers.filter((c) => !p.containers.byName[c.name!]);
  if (missing.length === 0) return true;
  p.t.pullStartedAt ??= p.now.toISOString();
  for (const image of new Set(missing.map((c) => c.image!))) {
    let pulling = false;
    try {
      let resolved = await deps.resolveImage?.(image);
      if (resolved && p.t.berth.executionRoleArn && deps.secrets) {
        // As on ECS, an execution role pulls ECR images with its own permissions.
        const key = executionPullKey(p, deps.secrets);
        if (key === undefined) return false;
        resolved = await deps.resolveImage!(image, key);
      }
      if (resolved) {
        resolved = onPullRegistry(resolved, deps.pullRegistry);
        // Registry images are always pulled (a tag may have moved) and created by the pulled ref.
        pulling = true;
        await deps.runtime.pullImage(resolved.ref, resolved.auth);
        for (const c of missing) if (c.image === image) c.image = resolved.ref;
        continue;
      }
      const auth = registryAuth[image];
      // An image with registry credentials is pulled, as the agent does: a local copy proves no access.
      if (!auth && (await deps.runtime.imageExists(image))) continue;
      pulling = true;
      await deps.runtime.pullImage(image, auth && { ...auth, serverAddress: registryOf(image) });
    } catch (e) {
      // A stalled pull fails the task like any failed pull (as on ECS); a slow image inspect is retried.
      if (timedOut(e) && !pulling) throw e;
      const reason = `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: ${message(e)}`;
      for (const c of p.t.containers) if (c.image === image) c.reason = reason.slice(0, 1024);
      failTask(p, 'TaskFailedToStart', reason);
      return false;
    }
  }
  // The pass's clock moves on past the pull, so what follows it (start, stop) is never dated before it.
  p.now = deps.clock.now();
  p.t.pullStoppedAt = p.now.toISOString();
  return true;
}

/** The task's parent cgroup when it has task-level limits and the runtime can make one. */
async function taskCgroup(t: TaskDoc, deps: TaskControllerDeps): Promise<string | undefined> {
  if (!t.berth.memory && !t.berth.cpu) return undefined;
  return deps.runtime.createCgroup(cgroupName(t), { memoryBytes: t.berth.memory ? t.berth.memory * 1024 * 1024 : undefined, nanoCpus: taskNanoCpus(t) });
}

/** The agent's variables for one container, when Berth serves the task endpoint. */
function agentEnvFor(p: TaskPass, deps: TaskControllerDeps, name: string): Record<string, string> | undefined {
  const { t } = p;
  if (!deps.taskEndpoint || !t.berth.agent) return undefined;
  return agentEnvironment({
    taskKey: p.key, secrets: t.berth.agent, containerIndex: t.berth.containers.findIndex((c) => c.name === name),
    region: parseArn(t.taskArn)!.region, fargate: t.berth.fargate, hasTaskRole: t.berth.taskRoleArn !== undefined,
  });
}

async function createMissing(p: TaskPass, deps: TaskControllerDeps, secretEnv: Record<string, Record<string, string>>): Promise<boolean> {
  const { t } = p;
  if (t.berth.containers.every((c) => p.containers.byName[c.name!])) return true;
  const dockerNames = Object.fromEntries(t.berth.containers.map((c) => [c.name!, dockerName(t, c.name!)]));
  const cgroupParent = await taskCgroup(t, deps);
  for (const def of t.berth.containers) {
    if (p.containers.byName[def.name!]) continue;
    const spec = containerSpec(t, def, {
      ownerId: deps.ownerId, publishIp: deps.publishIp, dockerNames, pauseId: p.containers.pause?.id, cgroupParent,
      agentEnv: agentEnvFor(p, deps, def.name!), secretEnv: secretEnv[def.name!],
    });
    try {
      const id = await deps.runtime.createContainer(spec);
      const state = await deps.runtime.inspectContainer(id);
      if (state) p.containers.byName[def.name!] = state;
    } catch (e) {
      if (timedOut(e)) throw e; // the create may still complete: the retry lists the task's containers first
      const reason = `CannotCreateContainerError: ${message(e)}`;
      const doc = t.containers.find((c) => c.name === def.name)!;
      doc.reason = reason.slice(0, 1024);
      failTask(p, 'TaskFailedToStart', reason);
      return false;
    }
  }
  return true;
}

/** Starts every created container whose dependencies are met; fails the task if one can never start. */
async function startReady(p: TaskPass, deps: TaskControllerDeps): Promise<void> {
  const defs = p.t.berth.containers;
  const observed = observeAll(p.containers);
  const toStart: string[] = [];
  for (const def of defs) {
    const o = observed[def.name!];
    if (!o || o.started) continue;
    const verdict = startVerdict(def, defs, observed, p.now);
    if (verdict.ready) toStart.push(def.name!);
    else if (verdict.never) return failTask(p, 'TaskFailedToStart', `CannotStartContainerError: ${verdict.never}`);
    else if (defs.some((d) => d.startTimeout !== undefined)) p.requeueAfterMs = 1000;
  }
  await Promise.all(toStart.map(async (name) => {
    const state = p.containers.byName[name];
    try {
      await deps.runtime.startContainer(state.id);
    } catch (e) {
      if (timedOut(e)) throw e;
      const reason = `CannotStartContainerError: ${message(e)}`;
      p.t.containers.find((c) => c.name === name)!.reason = reason.slice(0, 1024);
      failTask(p, 'TaskFailedToStart', reason);
    }
    const fresh = await deps.runtime.inspectContainer(state.id);
    if (fresh) p.containers.byName[name] = fresh;
  }));
}

/** Copies runtime state into the task and derives its status, health and exits. */
export function syncContainers(p: TaskPass): void {
  const { t } = p;
  t.containers = t.containers.map((doc) => {
    const def = t.berth.containers.find((c) => c.name === doc.name)!;
    return containerFields(t, def, doc, p.containers.byName[doc.name]);
  });
  const health = Object.fromEntries(t.containers.map((c) => [c.name, c.healthStatus]));
  t.healthStatus = taskHealth(t.berth.containers, health);
  const observed = observeAll(p.containers);
  const exited = exitedEssential(t.berth.containers, observed) ??
    t.berth.containers.find((c) => c.essential !== false && t.containers.find((d) => d.name === c.name)?.lastStatus === 'STOPPED')?.name;
  if (!exited || t.desiredStatus !== 'RUNNING') return;
  // A container that exited before the task was seen RUNNING still started the task.
  if (Object.values(observed).some((o) => o?.started)) t.startedAt ??= latest(p.now.toISOString(), t.pullStoppedAt);
  failTask(p, 'EssentialContainerExited', 'Essential container in task exited');
}

/** The agent is connected to the task from when it takes it up (after the ENI is attached). */
function connect(t: TaskDoc, now: Date): void {
  t.connectivity = 'CONNECTED';
  t.connectivityAt ??= now.toISOString();
}

/**
 * One step of bringing a task up. `checkpoint` saves the working copy: an awsvpc task's address
 * is saved before its containers start, since the task endpoint serves credentials only to it.
 */
export async function advance(p: TaskPass, deps: TaskControllerDeps, activeOnNetwork: (network: string) => number, checkpoint?: () => void): Promise<'ACTIVATING' | undefined> {
  const { t } = p;
  if (t.lastStatus === 'PROVISIONING') {
    await provision(p, deps, activeOnNetwork);
    t.lastStatus = 'PENDING';
    if (t.berth.networkMode === 'awsvpc') checkpoint?.();
  }
  if (t.lastStatus === 'PENDING') {
    connect(t, p.now);
    await ensureVolumes(t, deps);
    const resources = readAgentResources(p, deps);
    if (!resources) return undefined;
    if (!(await ensureImages(p, deps, resources.registryAuth))) return undefined;
    if (!(await createMissing(p, deps, resources.env))) return undefined;
  }
  await startReady(p, deps);
  syncContainers(p);
  if (t.desiredStatus === 'RUNNING' && t.lastStatus === 'PENDING' && startedTaskStatus(t.berth.containers, observeAll(p.containers)) === 'RUNNING') {
    return 'ACTIVATING';
  }
  return undefined;
}

export function markRunning(t: TaskDoc, now: Date): void {
  t.lastStatus = 'RUNNING';
  t.startedAt ??= latest(now.toISOString(), t.pullStoppedAt);
  connect(t, now);
}

