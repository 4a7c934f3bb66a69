/**
 * ECS acting with a task's roles. The task execution role is what the agent uses for the
 * task (secrets, registry auth); the task role is what the task's own code gets. Either is
 * assumed by the service principal `ecs-tasks.amazonaws.com`, so its trust policy must
 * allow that service (with aws:SourceAccount and aws:SourceArn set as ECS sets them), and
 * the session is `assumed-role/<role>/<task id>`. Decisions use the edge's authorizer.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { Authorizer, denialMessage } from '../../../iam/authorizer.js';
import { Policy } from '../../../iam/policy/model.js';
import { evaluate } from '../../../iam/policy/evaluate.js';
import { Principal } from '../../../iam/principal.js';
import { partition } from '../../../platform/aws/scope.js';
import { IamDirectory, RoleFacts, SessionCredentials } from '../../iam/domain/ports.js';

export const ECS_TASKS_SERVICE = 'ecs-tasks.amazonaws.com';

/** The task a role is assumed for. */
export interface RoleTask {
  taskArn: string;
  accountId: string;
  region: string;
}

export interface RoleSession {
  role: RoleFacts;
  principal: Principal;
}

/** AWS's message when ECS cannot assume a task's role (RunTask's ClientException says the same). */
export function cannotAssume(roleArn: string): string {
  return `ECS was unable to assume the role '${roleArn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.`;
}

const taskIdOf = (taskArn: string) => taskArn.slice(taskArn.lastIndexOf('/') + 1);

export class TaskRoles {
  constructor(
    private readonly directory: IamDirectory | undefined,
    private readonly authorizer: Authorizer,
  ) {}

  /** The session ECS gets for the task, or why the role cannot be assumed (AWS's message). */
  assume(roleArn: string, task: RoleTask): RoleSession | { error: string } {
    const role = this.directory?.findRole(task.accountId, roleArn);
    if (!role) return { error: cannotAssume(roleArn) };
    const service: Principal = { accessKeyId: '', accountId: task.accountId, arn: ECS_TASKS_SERVICE, root: false, type: 'service', userId: ECS_TASKS_SERVICE, service: ECS_TASKS_SERVICE };
    const trusted = evaluate({
      principal: service, action: 'sts:AssumeRole', resource: role.arn, resourcePolicy: role.trustPolicy,
      context: { 'aws:SourceAccount': task.accountId, 'aws:SourceArn': task.taskArn, 'aws:RequestedRegion': task.region },
    });
    if (trusted.effect !== 'Allow') return { error: cannotAssume(roleArn) };
    const sessionName = taskIdOf(task.taskArn);
    const principal: Principal = {
      accessKeyId: '', accountId: task.accountId, root: false, type: 'assumed-role',
      arn: `arn:${partition(task.region)}:sts::${task.accountId}:assumed-role/${role.roleName}/${sessionName}`,
      userId: `${role.roleId}:${sessionName}`, tags: role.tags, roleArn: role.arn, sessionName,
    };
    return { role, principal };
  }

  /** Undefined when ECS may assume the role for tasks of `cluster` (RunTask checks before it starts any); else AWS's message. */
  refusal(roleArn: string, task: RoleTask): string | undefined {
    const session = this.assume(roleArn, task);
    return 'error' in session ? session.error : undefined;
  }

  /** Temporary credentials for the session (e.g. for the registry to authorize an execution role's pulls). */
  credentials(session: RoleSession, task: RoleTask, durationSeconds: number): SessionCredentials {
    return this.directory!.createSession({
      accountId: task.accountId, region: task.region, durationSeconds,
      subject: { type: 'role', roleArn: session.role.arn, sessionName: session.principal.sessionName! },
    });
  }

  /**
   * Undefined when the session may perform `prefix:operation` on `resource` (with the
   * resource's own policy, if any); else AWS's AccessDenied message.
   */
  deniedReason(session: RoleSession, prefix: string, operation: string, resource: string, region: string, resourcePolicy?: Policy): string | undefined {
    const action = iamActionFor(prefix, operation);
    if (!action) return `User: ${session.principal.arn} is not authorized to perform: ${prefix}:${operation}`;
    const decision = this.authorizer.authorize({ principal: session.principal, action, resources: [resource], region, resourcePolicy });
    return decision.allowed ? undefined : denialMessage(session.principal.arn, action.action, decision);
  }
}
