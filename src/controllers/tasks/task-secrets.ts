/**
 * The agent's work before a task's containers are created: container `secrets` and
 * `repositoryCredentials`, read with the task execution role's permissions (as ECS does).
 * Values live only in the pass that creates the containers — never in the task record.
 * Any failure stops the task with AWS's ResourceInitializationError naming what failed.
 */
import { Scope } from '../../platform/aws/scope.js';
import { Clock } from '../../platform/clock.js';
import { parsePolicy } from '../../iam/policy/parse.js';
import { Policy } from '../../iam/policy/model.js';
import { ContainerDef } from '../../services/ecs/domain/task-definition-rules.js';
import { jsonKeyValue, parseValueFrom, ParameterRef, SecretRef, SecretRefError, ValueRef } from '../../services/ecs/domain/secret-refs.js';
import { RoleSession, TaskRoles } from '../../services/ecs/domain/task-roles.js';
import { ParameterReader, ParameterReadError } from '../../services/ssm/domain/ports.js';
import { SecretReader, SecretReadError } from '../../services/secretsmanager/domain/ports.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';

/** What reading secrets needs: the roles, and the readers of the services that hold values. */
export interface SecretSources {
  roles: TaskRoles;
  clock: Clock;
  parameters?: ParameterReader;
  secrets?: SecretReader;
}

/** Registry credentials for a container's image, from `repositoryCredentials`. */
export interface RegistryAuth { username: string; password: string }

export const RESOURCE_INIT = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';

/** A failure to read, with the detail after RESOURCE_INIT (names, never values). */
export class ExecutionResourceError extends Error {}

function fail(detail: string): never {
  throw new ExecutionResourceError(detail);
}

/** The execution role's session for the task, or an ExecutionResourceError. */
export function executionSession(t: TaskDoc, sources: SecretSources, scope: Scope): RoleSession {
  const arn = t.berth.executionRoleArn;
  if (!arn) return fail('the task definition has no executionRoleArn to read secrets or registry credentials with');
  const session = sources.roles.assume(arn, { taskArn: t.taskArn, ...scope });
  return 'error' in session ? fail(session.error) : session;
}

function readParameter(ref: ParameterRef, session: RoleSession, sources: SecretSources, scope: Scope): string {
  const denied = sources.roles.deniedReason(session, 'ssm', 'GetParameters', ref.arn, ref.region);
  const prefix = `fetching secret data from SSM Parameter Store in ${ref.region}: `;
  if (denied) fail(`${prefix}AccessDeniedException: ${denied}`);
  if (!sources.parameters) fail(`${prefix}Parameter Store is not running`);
  try {
    // kms:Decrypt is the execution role's too, through SSM, as when the agent calls GetParameters.
    const onBehalfOf = { accessKeyId: '', principal: session.principal, service: 'ssm', now: sources.clock.now() };
    return sources.parameters.getParameterValue({ region: ref.region, accountId: scope.accountId }, ref.nameOrArn, true, onBehalfOf).value;
  } catch (e) {
    if (!(e instanceof ParameterReadError)) throw e;
    return fail(e.code === 'DecryptionFailed' ? `${prefix}${e.message}` : `${prefix}invalid parameters: ${ref.nameOrArn}`);
  }
}

function resourcePolicy(document: string | undefined, arn: string): Policy | undefined {
  if (document === undefined) return undefined;
  try {
    return parsePolicy(document, 'resource', { name: `resource policy of ${arn}` });
  } catch {
    return undefined;
  }
}

function readSecret(ref: SecretRef, session: RoleSession, sources: SecretSources, scope: Scope): string {
  const prefix = `unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ${ref.secretId} from secrets manager: `;
  const deniedFor = (arn: string, policy?: string) => sources.roles.deniedReason(session, 'secretsmanager', 'GetSecretValue', arn, ref.region, resourcePolicy(policy, arn));
  if (!sources.secrets) fail(`${prefix}Secrets Manager is not running`);
  let read;
  try {
    read = sources.secrets.getSecretValue({ region: ref.region, accountId: scope.accountId }, ref.secretId, { versionStage: ref.versionStage, versionId: ref.versionId });
  } catch (e) {
    if (!(e instanceof SecretReadError)) throw e;
    // Without permission the caller learns nothing of the secret, not even that it is missing.
    const denied = deniedFor(ref.secretId);
    if (denied) fail(`${prefix}AccessDeniedException: ${denied}`);
    if (e.code === 'ResourceNotFoundException') {
      fail(`${prefix}ResourceNotFoundException: The task can't retrieve the secret with ARN '${ref.secretId}' from AWS Secrets Manager. Check whether the secret exists in the specified Region`);
    }
    return fail(`${prefix}${e.code}: ${e.message}`);
  }
  const denied = deniedFor(read.arn, read.resourcePolicy);
  if (denied) fail(`${prefix}AccessDeniedException: ${denied}`);
  if (read.string === undefined) fail(`${prefix}the secret ${read.arn} holds a SecretBinary; only SecretString values can be injected`);
  return ref.jsonKey === undefined ? read.string : jsonKeyValue(read.string, ref.jsonKey, read.arn);
}

function readValue(ref: ValueRef, session: RoleSession, sources: SecretSources, scope: Scope): string {
  return ref.kind === 'ssm' ? readParameter(ref, session, sources, scope) : readSecret(ref, session, sources, scope);
}

/** Each container's secret environment variables, by container name; throws ExecutionResourceError. */
export function readContainerSecrets(t: TaskDoc, defs: ContainerDef[], sources: SecretSources, scope: Scope): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const wanted = defs.filter((d) => d.secrets?.length);
  if (wanted.length === 0) return out;
  const session = executionSession(t, sources, scope);
  for (const def of wanted) {
    const env: Record<string, string> = {};
    for (const secret of def.secrets!) {
      try {
        env[secret.name] = readValue(parseValueFrom(secret.valueFrom, scope), session, sources, scope);
      } catch (e) {
        if (e instanceof SecretRefError) fail(e.message);
        throw e;
      }
    }
    out[def.name!] = env;
  }
  return out;
}

/** Long enough for any pull; the registry checks the key's session on every request. */
const ECR_PULL_SESSION_SECONDS = 3600;

/**
 * The access key the registry authorizes an execution role's ECR pulls for: a role session
 * for the task, after the role is checked for ecr:GetAuthorizationToken as the agent's call.
 */
export function ecrPullKey(t: TaskDoc, sources: SecretSources, scope: Scope): string {
  const session = executionSession(t, sources, scope);
  const denied = sources.roles.deniedReason(session, 'ecr', 'GetAuthorizationToken', '*', scope.region);
  if (denied) fail(`unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: ${denied}`);
  return sources.roles.credentials(session, { taskArn: t.taskArn, ...scope }, ECR_PULL_SESSION_SECONDS).accessKeyId;
}

/** A private registry's credentials from the Secrets Manager secret `repositoryCredentials` names. */
export function readRegistryAuth(t: TaskDoc, def: ContainerDef, sources: SecretSources, scope: Scope): RegistryAuth | undefined {
  const arn = def.repositoryCredentials?.credentialsParameter;
  if (!arn) return undefined;
  const session = executionSession(t, sources, scope);
  let ref: ValueRef;
  try {
    ref = parseValueFrom(arn, scope);
  } catch (e) {
    return fail(e instanceof SecretRefError ? e.message : String(e));
  }
  if (ref.kind !== 'secretsmanager') return fail(`repositoryCredentials of container ${def.name}: ${arn} is not a Secrets Manager secret`);
  const text = readSecret({ ...ref, jsonKey: undefined }, session, sources, scope);
  try {
    const { username, password } = JSON.parse(text) as Record<string, unknown>;
    if (typeof username === 'string' && typeof password === 'string') return { username, password };
  } catch {
    // Reported below without the secret's text.
  }
  return fail(`repositoryCredentials of container ${def.name}: the secret ${arn} must be JSON with "username" and "password"`);
}
