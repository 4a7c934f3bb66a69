/** The ELBv2 module: the API, and the HAProxy data plane with its health reader. */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BerthModule, ModuleContext, ModuleDefinition } from '../../module.js';
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
  build: (ctx) => buildElbv2(ctx),
};

async function buildElbv2(ctx: ModuleContext): Promise<BerthModule> {
  const { store, clock, log, config } = ctx;
  const manager = new LoadBalancerManager({ store, log, runDir: join(config.dataDir, 'haproxy'), bindIp: config.lbBindIp, publishIp: config.publishIp });
  const health = new HealthReader(store, ctx.metrics, manager, clock, log);
  return {
    name: 'elbv2',
    services: [elbv2Service({ store, clock, lbBindIp: config.lbBindIp, portAvailable: (port) => portAvailable(config.lbBindIp, port) })],
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
