/**
 * The task endpoint: what the ECS agent answers at 169.254.170.2 inside every task.
 * - `/v2/credentials/<id>` (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI), `/v2/credentials`
 *   with the id as the Authorization header (…FULL_URI + …AUTHORIZATION_TOKEN): the task
 *   role's credentials;
 * - `/v3/<id>` and `/v4/<id>` with `/task`, `/taskWithTags`, `/stats`, `/task/stats`:
 *   task metadata;
 * - anything else is an AWS API call (AWS_ENDPOINT_URL points here) and goes to the edge.
 * Ids name their task and carry its secret (agent-endpoint.ts); an awsvpc task's
 * credentials are served only to its own address. Only private and loopback peers, and
 * remote Docker hosts, are answered: the port listens on every interface the redirect may arrive on.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { ContainerRuntime, ContainerState } from '../../runtime/runtime.js';
import { RuntimePool } from '../../runtime/runtime-pool.js';
import { Store } from '../../state/store.js';
import { Logger } from '../../platform/log.js';
import { parseAgentId, secretMatches } from '../../services/ecs/domain/agent-endpoint.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { listHosts } from '../../services/ecs/domain/hosts.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { TaskCredentialIssuer } from './credentials.js';
import { containerMetadata, taskMetadata } from './metadata.js';

export interface TaskEndpointDeps {
  store: Store;
  runtime: ContainerRuntime;
  /** Every Docker host's engine: a remote task's containers are inspected on its host. */
  runtimes?: RuntimePool;
  log: Logger;
  /** Absent without IAM: no task role credentials. */
  credentials?: TaskCredentialIssuer;
  /** The edge's request listener, for the AWS API calls tasks make. */
  edge: (req: IncomingMessage, res: ServerResponse) => void;
}

type Reply = { status: number; body: unknown };

const agentError = (code: string, message: string, status: number): Reply => ({ status, body: { code, message, HTTPErrorCode: status } });

/** Loopback, RFC 1918 and link-local peers: containers and the host itself. */
export function isLocalPeer(address: string | undefined): boolean {
  const a = (address ?? '').replace(/^::ffff:/, '');
  if (a === '::1' || a.startsWith('127.')) return true;
  const [p, q] = a.split('.').map(Number);
  return p === 10 || (p === 172 && q >= 16 && q <= 31) || (p === 192 && q === 168) || (p === 169 && q === 254);
}

export class TaskEndpoint {
  constructor(private readonly deps: TaskEndpointDeps) {}

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!isLocalPeer(req.socket.remoteAddress) && !this.isHostAddress(req.socket.remoteAddress)) {
      req.socket.destroy();
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (!/^\/v[1-4]\//.test(path) || (path.startsWith('/v2/') && !path.startsWith('/v2/credentials'))) {
      this.deps.edge(req, res);
      return;
    }
    this.answer(req, path)
      .then((r) => send(res, r))
      .catch((err) => {
        this.deps.log.error('task endpoint failed', { err });
        send(res, agentError('InternalServerError', 'internal error', 500));
      });
  };

  /** A remote Docker host's address: its bridge tasks arrive masqueraded to it, which may be public. */
  private isHostAddress(address: string | undefined): boolean {
    const peer = (address ?? '').replace(/^::ffff:/, '');
    return listHosts(this.deps.store).some((h) => h.address === peer);
  }

  private async answer(req: IncomingMessage, path: string): Promise<Reply> {
    if (req.method !== 'GET') return agentError('InvalidRequest', 'only GET is served', 405);
    if (path === '/v2/credentials' || path === '/v2/credentials/') return this.credentials(req, String(req.headers.authorization ?? ''));
    const creds = /^\/v2\/credentials\/([^/]+)$/.exec(path);
    if (creds) return this.credentials(req, creds[1]);
    const meta = /^\/v[34]\/([^/]+)(\/task|\/taskWithTags|\/stats|\/task\/stats)?\/?$/.exec(path);
    if (meta) return this.metadata(meta[1], meta[2] ?? '');
    return agentError('InvalidRequest', 'no such endpoint', 404);
  }

  /** The task an id names, when it presents the task's secret of that kind. */
  private taskFor(id: string, kind: 'credentials' | 'metadata'): { key: string; t: TaskDoc; containerIndex?: number } | undefined {
    const parsed = parseAgentId(id);
    if (!parsed || (kind === 'credentials') !== (parsed.containerIndex === undefined)) return undefined;
    const t = this.deps.store.get<TaskDoc>(KIND.task, parsed.taskKey)?.doc;
    const expected = t?.berth.agent?.[kind];
    if (!t || !expected || !secretMatches(expected, parsed.secret)) return undefined;
    return { key: parsed.taskKey, t, containerIndex: parsed.containerIndex };
  }

  private credentials(req: IncomingMessage, id: string): Reply {
    if (!id) return agentError('NoIdInRequest', 'CredentialsV2Request: No Credential ID in the request', 400);
    const found = this.taskFor(id, 'credentials');
    if (!found || !this.fromTask(req, found.t)) return agentError('InvalidIdInRequest', 'CredentialsV2Request: Credentials not found', 400);
    if (!this.deps.credentials) return agentError('CredentialsUninitialized', 'CredentialsV2Request: IAM is not running', 503);
    const answer = this.deps.credentials.credentialsFor(found.key, found.t);
    return 'code' in answer ? agentError(answer.code, `CredentialsV2Request: ${answer.message}`, answer.status) : { status: 200, body: answer };
  }

  /** An awsvpc task has its own address: its credentials go nowhere else. */
  private fromTask(req: IncomingMessage, t: TaskDoc): boolean {
    if (t.berth.networkMode !== 'awsvpc') return true;
    const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    return t.containers.some((c) => c.networkInterfaces.some((n) => n.privateIpv4Address === peer));
  }

  private async metadata(id: string, sub: string): Promise<Reply> {
    const found = this.taskFor(id, 'metadata');
    const container = found?.t.containers.find((c) => c.name === found.t.berth.containers[found.containerIndex!]?.name);
    if (!found || !container) return agentError('InvalidIdInRequest', 'Unable to get task metadata: unknown endpoint id', 404);
    const { t } = found;
    if (sub === '/stats') return { status: 200, body: container.runtimeId ? await this.stats(t, container.runtimeId) : {} };
    if (sub === '/task/stats') {
      const entries = await Promise.all(t.containers.filter((c) => c.runtimeId).map(async (c) => [c.runtimeId!, await this.stats(t, c.runtimeId!)]));
      return { status: 200, body: Object.fromEntries(entries) };
    }
    const states = await this.states(t);
    if (sub === '') return { status: 200, body: containerMetadata(t, container, states[container.name]) };
    const task = taskMetadata(t, states);
    if (sub === '/taskWithTags') Object.assign(task, { TaskTags: Object.fromEntries((t.tags ?? []).map((tag) => [tag.key, tag.value])), ContainerInstanceTags: {} });
    return { status: 200, body: task };
  }

  /** The engine the task runs on; undefined for a remote host that is not connected. */
  private runtimeOf(t: TaskDoc): ContainerRuntime | undefined {
    const { runtimes, runtime } = this.deps;
    if (!t.berth.hostId || !runtimes) return runtime;
    return runtimes.has(t.berth.hostId) ? runtimes.get(t.berth.hostId) : undefined;
  }

  private async states(t: TaskDoc): Promise<Record<string, ContainerState | undefined>> {
    const runtime = this.runtimeOf(t);
    const entries = await Promise.all(t.containers.map(async (c) => [c.name, c.runtimeId ? await runtime?.inspectContainer(c.runtimeId).catch(() => undefined) : undefined] as const));
    return Object.fromEntries(entries);
  }

  private async stats(t: TaskDoc, id: string): Promise<unknown> {
    const runtime = this.runtimeOf(t);
    return (await runtime?.containerStats(id).catch(() => undefined)) ?? {};
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}
