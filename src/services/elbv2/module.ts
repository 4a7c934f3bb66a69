/** The ELBv2 module: the API, and the HAProxy data plane with its health reader; ACM's certificates, when loaded, for HTTPS listeners. */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { elbTargetRegistry } from './domain/target-registry.js';
import { HealthReader } from '../../dataplane/load-balancer/health-reader.js';
import { LoadBalancerManager } from '../../dataplane/load-balancer/manager.js';
import { elbv2Service } from './api/provider.js';

function portAvailable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export const elbv2Module: ModuleDefinition = {
  name: 'elbv2',
  provides: ['targetRegistry'],
  // HTTPS listeners need ACM's certificates; without ACM they are refused.
  requires: { certificateStore: 'optional' },
  build: (ctx, ports) => buildElbv2(ctx, ports),
};

async function buildElbv2(ctx: ModuleContext, ports: Partial<Ports>): Promise<BerthModule> {
  const { store, clock, log, config } = ctx;
  const certificates = ports.certificateStore;
  const manager = new LoadBalancerManager({ store, log, runDir: join(config.dataDir, 'haproxy'), bindIp: config.lbBindIp, publishIp: config.publishIp, certificates });
  const health = new HealthReader(store, ctx.metrics, manager, clock, log, { minuteSeconds: config.metricPeriodSeconds });
  return {
    name: 'elbv2',
    services: [elbv2Service({ store, clock, lbBindIp: config.lbBindIp, portAvailable: (port) => portAvailable(config.lbBindIp, port), certificates })],
    ports: { targetRegistry: elbTargetRegistry(store) },
    async start() {
      await manager.start();
      health.start();
    },
    async stop() {
      health.stop();
      await manager.stop();
    },
  };
}
