/**
 * What the ECS agent gives every container of a task: its credentials endpoint (the task
 * role's temporary credentials) and its task metadata endpoint (v3, v4), both at the
 * agent's link-local address 169.254.170.2, plus the variables an unmodified AWS SDK or
 * CLI reads. Each id names its task (base64url of the task's store key) and carries a
 * random secret kept in the task record, so the endpoint finds the task with one read,
 * after a restart too, and no task can name another's. Pure.
 */
import { timingSafeEqual } from 'node:crypto';

/** The agent's address inside every task (redirected to Berth's task endpoint). */
export const AGENT_ADDRESS = '169.254.170.2';

/** The random parts, generated once per task. */
export interface AgentSecrets {
  credentials: string;
  metadata: string;
}

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** `<task key>.<secret>`: the credentials id of the relative URI and the full URI's token. */
export function credentialsId(taskKey: string, secrets: AgentSecrets): string {
  return `${encode(taskKey)}.${secrets.credentials}`;
}

/** A container's metadata endpoint id: `<task key>.<secret>-<container index>`. */
export function metadataId(taskKey: string, secrets: AgentSecrets, containerIndex: number): string {
  return `${encode(taskKey)}.${secrets.metadata}-${containerIndex}`;
}

/** The task key an id names and the secret it presents; undefined when malformed. */
export function parseAgentId(id: string): { taskKey: string; secret: string; containerIndex?: number } | undefined {
  const m = /^([A-Za-z0-9_-]{1,1400})\.([0-9a-f]{32})(?:-(\d{1,2}))?$/.exec(id);
  if (!m) return undefined;
  const taskKey = Buffer.from(m[1], 'base64url').toString('utf8');
  return { taskKey, secret: m[2], ...(m[3] !== undefined ? { containerIndex: Number(m[3]) } : {}) };
}

/** Constant-time: an attacker learns nothing from how long a wrong secret takes. */
export function secretMatches(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface AgentEnvInput {
  taskKey: string;
  secrets: AgentSecrets;
  containerIndex: number;
  region: string;
  fargate: boolean;
  /** Only tasks with a task role get a credentials endpoint. */
  hasTaskRole: boolean;
}

/**
 * The variables ECS sets in a container. AWS_ENDPOINT_URL sends the SDKs' and the CLI's
 * calls to Berth (through the same address) rather than to AWS.
 */
export function agentEnvironment(input: AgentEnvInput): Record<string, string> {
  const base = `http://${AGENT_ADDRESS}`;
  const metadata = metadataId(input.taskKey, input.secrets, input.containerIndex);
  const env: Record<string, string> = {
    ECS_CONTAINER_METADATA_URI: `${base}/v3/${metadata}`,
    ECS_CONTAINER_METADATA_URI_V4: `${base}/v4/${metadata}`,
    AWS_EXECUTION_ENV: input.fargate ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2',
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_ENDPOINT_URL: base,
  };
  if (input.hasTaskRole) {
    const id = credentialsId(input.taskKey, input.secrets);
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = `/v2/credentials/${id}`;
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${base}/v2/credentials`;
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN = id;
  }
  return env;
}
