/**
 * The STS API: who is calling (GetCallerIdentity), and temporary credentials from the IAM
 * directory: AssumeRole (the role's trust policy is checked by the authorize step, see
 * ./scope.ts) and GetSessionToken. Without an IAM directory only GetCallerIdentity answers.
 */
import { PolicyError } from '../../../iam/policy/errors.js';
import { Principal } from '../../../iam/principal.js';
import { clientError, NotImplementedError, ServiceError } from '../../../protocol/errors.js';
import { Credentials, Operations } from '../../../protocol/generated/sts.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { IamDirectory, IamDirectoryError, SessionCredentials } from '../../iam/domain/ports.js';
import { assumeRoleDuration, packedPolicySize, sessionTags, sessionTokenDuration } from '../domain/limits.js';

export interface StsDeps {
  /** Who a verified access key belongs to. */
  principalOf(ctx: RequestContext): Principal;
  directory?: IamDirectory;
}

const wireCredentials = (c: SessionCredentials): Credentials => ({ AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration });

/** The directory's refusals as STS words them. */
function createdOrRefused(create: () => SessionCredentials, roleArn?: string): SessionCredentials {
  try {
    return create();
  } catch (e) {
    if (e instanceof PolicyError) throw clientError('MalformedPolicyDocument', e.message);
    if (e instanceof IamDirectoryError) throw roleArn ? new ServiceError('AccessDenied', `Not authorized to perform sts:AssumeRole on ${roleArn}`, 403) : clientError('ValidationError', e.message);
    throw e;
  }
}

export function stsHandlers(deps: StsDeps): TypedHandlers<Operations> {
  const directoryOf = (operation: string) => {
    if (!deps.directory) throw new NotImplementedError('STS', operation);
    return deps.directory;
  };
  return {
    GetCallerIdentity(_input, ctx) {
      const principal = deps.principalOf(ctx);
      return { UserId: principal.userId, Account: principal.accountId, Arn: principal.arn };
    },

    AssumeRole(input, ctx) {
      const directory = directoryOf('AssumeRole');
      const caller = deps.principalOf(ctx);
      if (caller.root) throw new ServiceError('AccessDenied', 'Roles may not be assumed by root accounts.', 403);
      const role = directory.findRole(ctx.accountId, input.RoleArn);
      // The authorize step has allowed the call; a role that is gone (or never was) is denied all the same.
      if (!role) throw new ServiceError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
      const durationSeconds = assumeRoleDuration(input.DurationSeconds, role.maxSessionDuration, caller.type === 'assumed-role');
      const tags = sessionTags(input.Tags);
      const packed = packedPolicySize(input.Policy, input.PolicyArns?.length ?? 0, tags);
      const session = createdOrRefused(() => directory.createSession({
        accountId: ctx.accountId, region: ctx.region, durationSeconds,
        subject: { type: 'role', roleArn: role.arn, sessionName: input.RoleSessionName, sourceIdentity: input.SourceIdentity, tags, transitiveTagKeys: input.TransitiveTagKeys },
        policies: input.Policy === undefined ? undefined : [input.Policy],
        policyArns: input.PolicyArns?.flatMap((p) => (p.arn ? [p.arn] : [])),
      }), input.RoleArn);
      return {
        Credentials: wireCredentials(session),
        AssumedRoleUser: { AssumedRoleId: session.principal.userId, Arn: session.principal.arn },
        ...(input.SourceIdentity !== undefined ? { SourceIdentity: input.SourceIdentity } : {}),
        ...(packed !== undefined ? { PackedPolicySize: packed } : {}),
      };
    },

    GetSessionToken(input, ctx) {
      const directory = directoryOf('GetSessionToken');
      const caller = deps.principalOf(ctx);
      if (caller.type === 'assumed-role' || caller.accessKeyId.startsWith('ASIA')) {
        throw new ServiceError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
      }
      const durationSeconds = sessionTokenDuration(input.DurationSeconds, caller.root);
      const subject = caller.type === 'user' ? { type: 'user' as const, userName: caller.username ?? '' } : { type: 'root' as const };
      const session = createdOrRefused(() => directory.createSession({ accountId: ctx.accountId, region: ctx.region, durationSeconds, subject }));
      return { Credentials: wireCredentials(session) };
    },
  };
}
