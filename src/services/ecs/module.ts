/** The ECS module: the ECS API and the task controller on the local Docker Engine and the operator's remote hosts. */
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { edgeAccess } from '../../iam/edge-access.js';
import { credentialLookup } from '../../iam/root-credentials.js';
import { SecretSources } from '../../controllers/tasks/task-secrets.js';
import { TaskRoles } from './domain/task-roles.js';
import { startTaskEndpoint } from '../../dataplane/task-endpoint/start.js';
import { EcsMetricsCollector } from '../../controllers/metrics/ecs-metrics.js';
import { ensurePauseImage } from '../../runtime/pause-image.js';
import { TaskController } from '../../controllers/tasks/task-controller.js';
import { HostMonitor } from '../../controllers/tasks/host-monitor.js';
import { SpotChaos } from '../../controllers/tasks/spot-chaos.js';
import { ServiceController } from '../../controllers/services/service-controller.js';
import { AwsvpcNetworks } from '../../controllers/tasks/awsvpc.js';
import { HostNetworking } from '../../controllers/tasks/host-networking.js';
import { LocalHost, registerLocalInstances } from './domain/local-host.js';
import { ecsService } from './api/provider.js';
import { makeServiceOps } from './api/services.js';
import { makeServiceScaler } from './api/service-scaler.js';
import { defineEcsIndexes } from './domain/task-index.js';
import { endpointOf, listHosts } from './domain/hosts.js';
import { makeHostAdmin } from './api/host-admin.js';
import { makeSpotAdmin } from './api/spot-admin.js';
import { makeEventsAdmin } from './api/events-admin.js';
import { EcsEventJournal } from '../../controllers/events/ecs-events.js';

/** How often remote hosts' engines are asked whether they are alive. */
const HOST_PROBE_MS = 2000;

async function localHost(ctx: ModuleContext): Promise<LocalHost> {
  const info = await ctx.runtime.info();
  return {
    autoRegister: ctx.config.localInstance,
    cpus: info.cpus,
    memoryMiB: Math.floor(info.memoryBytes / (1024 * 1024)),
    hostname: info.hostname,
    dockerVersion: info.serverVersion,
  };
}

export const ecsModule: ModuleDefinition = {
  name: 'ecs',
  provides: ['serviceScaler'],
  requires: { targetRegistry: 'optional', imageResolver: 'optional', iamDirectory: 'optional', parameterReader: 'optional', secretReader: 'optional', alarms: 'optional' },
  build: (ctx, ports) => buildEcs(ctx, ports),
};

/** The task roles, decided as the edge decides, and the stores task `secrets` read from. */
function secretSources(ctx: ModuleContext, ports: Partial<Ports>): SecretSources | undefined {
  if (!ports.iamDirectory) return undefined;
  const { authorizer } = edgeAccess(ctx.config.iamEnforcement, credentialLookup(ctx.credentials), ports.iamDirectory);
  return { roles: new TaskRoles(ports.iamDirectory, authorizer), clock: ctx.clock, parameters: ports.parameterReader, secrets: ports.secretReader };
}

async function buildEcs(ctx: ModuleContext, ports: Partial<Ports>): Promise<BerthModule> {
  const { targetRegistry: targets, imageResolver: resolveImage } = ports;
  const { store, runtime, runtimes, clock, log, config, ownerId } = ctx;
  const host = await localHost(ctx);
  // Indexes first: a write to an indexed kind before its index is defined would not be filed.
  defineEcsIndexes(store);
  registerLocalInstances(store, host, clock.now());
  for (const h of listHosts(store)) {
    try {
      runtimes.set(h.hostId, endpointOf(h));
    } catch (err) {
      // e.g. its TLS files are gone: the host stays unreachable and its monitor reports it.
      log.warn('a Docker host cannot be connected', { hostId: h.hostId, err });
    }
  }
  const { allowHostMounts, allowPrivileged, allowCapabilities, allowHostNamespaces } = config;
  const hostAccess = { allowHostMounts, allowPrivileged, allowCapabilities, allowHostNamespaces };
  const pauseImage = await ensurePauseImage(runtime);
  const secrets = secretSources(ctx, ports);
  const agent = config.taskEndpointPort === 'off' ? undefined : await startTaskEndpoint({
    port: config.taskEndpointPort, ownerId, clock, store, runtime, runtimes, log, edge: ctx.edge, roles: secrets?.roles,
  });
  const hostNetworking = new HostNetworking({ store, runtimes, ownerId, log, agentPort: agent?.port });
  const tasks = new TaskController({
    store, runtime, runtimes, clock, log, ownerId, publishIp: config.publishIp,
    stoppedTaskRetentionMs: config.stoppedTaskRetentionSeconds * 1000, concurrency: config.taskConcurrency,
    networks: new AwsvpcNetworks(runtime, ownerId, agent && ((subnet) => agent.redirect.addSubnet(subnet))),
    pauseImage, hostNetworking, targets, resolveImage, secrets, taskEndpoint: agent !== undefined,
  });
  const hosts = new HostMonitor({
    store, runtimes, clock, log, intervalMs: HOST_PROBE_MS, graceMs: config.hostGraceSeconds * 1000,
    onReconnect: (hostId) => void tasks.hostReconnected(hostId),
  });
  const chaos = new SpotChaos({ store, clock, log, perHour: config.spotInterruptionRate });
  const ecsDeps = { store, clock, log, host, targets, hostAccess, roles: secrets?.roles };
  const usage = new EcsMetricsCollector({ store, runtime, runtimes, metrics: ctx.metrics, clock, log, minuteSeconds: config.metricPeriodSeconds });
  const scheduler = new ServiceController({ store, clock, log, targets, hostAccess, alarms: ports.alarms });
  const events = new EcsEventJournal({ store, clock, log });
  return {
    name: 'ecs',
    services: [ecsService(ecsDeps)],
    ports: { serviceScaler: makeServiceScaler(makeServiceOps(ecsDeps), clock) },
    admin: { ...makeHostAdmin(ecsDeps, runtimes, config.accountId, { added: () => hostNetworking.peersChanged(), removed: (h) => hostNetworking.release(h) }), ...makeSpotAdmin(store, clock), ...makeEventsAdmin(store, config.accountId) },
    async start() {
      // First: the task controller's first writes at start are state changes too.
      events.start();
      await tasks.start();
      hosts.start();
      chaos.start();
      await scheduler.start();
      usage.start();
    },
    async stop() {
      await usage.stop();
      await scheduler.stop();
      hosts.stop();
      chaos.stop();
      await tasks.stop();
      events.stop();
      await agent?.close();
    },
  };
}
