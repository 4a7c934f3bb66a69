/**
 * Starting the task endpoint for the ECS module: its port on
 * every interface (the NAT redirect arrives on the bridges' addresses), the redirect rules,
 * and the credential issuer when IAM runs. When the agent's standard port is taken (another
 * Berth on the host), it takes a free port and redirects only its own awsvpc networks.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Clock } from '../../platform/clock.js';
import { TaskRoles } from '../../services/ecs/domain/task-roles.js';
import { AgentRedirect, AGENT_PORT } from './redirect.js';
import { TaskCredentialIssuer } from './credentials.js';
import { TaskEndpoint, TaskEndpointDeps } from './server.js';

export interface StartOptions extends Omit<TaskEndpointDeps, 'credentials'> {
  /** The port wanted (AGENT_PORT by default; 0: any). */
  port: number;
  ownerId: string;
  clock: Clock;
  /** With IAM: the task roles, whose sessions are the task role credentials. */
  roles?: TaskRoles;
}

export interface RunningTaskEndpoint {
  redirect: AgentRedirect;
  /** The port it listens on (remote hosts' rules send 169.254.170.2:80 there). */
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function bind(server: Server, wanted: number): Promise<number> {
  try {
    return await listen(server, wanted);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted === 0) throw e;
    return listen(server, 0);
  }
}

export async function startTaskEndpoint(opts: StartOptions): Promise<RunningTaskEndpoint> {
  const { roles, store, runtime, runtimes, log, edge } = opts;
  const credentials = roles ? new TaskCredentialIssuer(roles, opts.clock) : undefined;
  const endpoint = new TaskEndpoint({ store, runtime, runtimes, log, credentials, edge });
  const server = createServer({ keepAliveTimeout: 5000 }, endpoint.listener);
  const port = await bind(server, opts.port);
  const redirect = new AgentRedirect(port, opts.ownerId, log);
  await redirect.removeAll();
  if (port === AGENT_PORT) await redirect.addDefaults();
  else log.info('task endpoint on a port of its own: only awsvpc tasks reach it at 169.254.170.2', { port });
  return {
    redirect,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await redirect.removeAll();
    },
  };
}
