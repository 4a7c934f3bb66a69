/**
 * The task role's temporary credentials, as the ECS agent serves them: ECS assumes the role
 * for the task (its trust policy must allow ecs-tasks.amazonaws.com) and keeps a session of
 * six hours, handing out the same credentials until the last hour, when it makes new ones
 * so the SDKs (which refresh before Expiration) always get a usable set. A stopped task's
 * credentials are no longer served.
 */
import { Clock } from '../../platform/clock.js';
import { parseArn } from '../../platform/aws/arn.js';
import { SessionCredentials } from '../../services/iam/domain/ports.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { TaskRoles } from '../../services/ecs/domain/task-roles.js';

export const SESSION_SECONDS = 6 * 3600;
const RENEW_BEFORE_MS = 3600_000;
const CACHE_SIZE = 10_000;

/** The agent's response body (ecs-agent credentials manager). */
export interface CredentialsBody {
  RoleArn: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
}

/** Why no credentials: the agent's error code and HTTP status. */
export interface CredentialsRefusal {
  code: 'NoCredentialsAssociated' | 'CredentialsUninitialized';
  message: string;
  status: number;
}

export class TaskCredentialIssuer {
  private readonly sessions = new Map<string, { roleArn: string; creds: SessionCredentials }>();

  constructor(
    private readonly roles: TaskRoles,
    private readonly clock: Clock,
  ) {}

  credentialsFor(taskKey: string, t: TaskDoc): CredentialsBody | CredentialsRefusal {
    const roleArn = t.berth.taskRoleArn;
    if (!roleArn || t.lastStatus === 'STOPPED') {
      return { code: 'NoCredentialsAssociated', message: 'Credentials not found for the task', status: 400 };
    }
    const now = this.clock.now().getTime();
    const held = this.sessions.get(taskKey);
    if (held && held.roleArn === roleArn && held.creds.expiration.getTime() - now > RENEW_BEFORE_MS) return body(roleArn, held.creds);
    const arn = parseArn(t.taskArn)!;
    const task = { taskArn: t.taskArn, accountId: arn.accountId, region: arn.region };
    const session = this.roles.assume(roleArn, task);
    if ('error' in session) return { code: 'CredentialsUninitialized', message: session.error, status: 503 };
    const creds = this.roles.credentials(session, task, SESSION_SECONDS);
    if (this.sessions.size >= CACHE_SIZE) this.sessions.clear();
    this.sessions.set(taskKey, { roleArn, creds });
    return body(roleArn, creds);
  }

  /** Forgets a task's session (the task stopped). */
  forget(taskKey: string): void {
    this.sessions.delete(taskKey);
  }
}

function body(roleArn: string, creds: SessionCredentials): CredentialsBody {
  return {
    RoleArn: roleArn, AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, Token: creds.sessionToken,
    Expiration: creds.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
