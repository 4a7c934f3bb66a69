/**
 * Which IAM resources a call touches, for the authorize step: ARNs with their paths, as IAM
 * authorizes them (`arn:aws:iam::<account>:role/app/web`). An existing entity is looked up
 * for its path; one being created (or renamed) is named from the request's Path. Condition
 * keys: iam:PolicyARN, iam:PermissionsBoundary, iam:AWSServiceName. A GetUser or an access
 * key call without a user name acts on the calling user, as IAM determines it from the key.
 */
import { ArnBuilder, callScope, CallPlace, strings } from '../../../iam/call-scope.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { serviceLinkedRole } from '../domain/aws-managed.js';
import { findEntity } from '../domain/lookups.js';
import { entityArn } from '../domain/names.js';
import { AccessKeyDoc, KIND, UserDoc } from '../domain/records.js';
import { callerOf } from './context.js';

/** Operations whose UserName defaults to the caller's. */
const FOR_THE_CALLER = new Set(['GetUser', 'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey']);

type Named = 'user' | 'group' | 'role' | 'instance-profile';

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The entity's ARN: its stored one, else the one a create with `path` would give it. */
function arnOf(tx: ReadTx, ctx: CallPlace, type: Named, name: string | undefined, path: string | undefined): string[] {
  if (name === undefined) return [];
  return [findEntity(tx, type, ctx.accountId, name)?.doc.Arn ?? entityArn(ctx.region, ctx.accountId, type, path ?? '/', name)];
}

/** By name (and Path when created); a rename or move also acts on the new ARN (IAM asks for both). */
function named(tx: ReadTx, type: Named, member: string, newMember: string): ArnBuilder {
  return (input, ctx) => {
    const name = text(input[member]);
    const newName = text(input[newMember]);
    const newPath = text(input.NewPath);
    const current = arnOf(tx, ctx, type, name, text(input.Path));
    if (name === undefined || (newName === undefined && newPath === undefined)) return current;
    const path = newPath ?? findEntity(tx, type, ctx.accountId, name)?.doc.Path ?? '/';
    return [...current, entityArn(ctx.region, ctx.accountId, type, path, newName ?? name)];
  };
}

function users(tx: ReadTx): ArnBuilder {
  const byName = named(tx, 'user', 'UserName', 'NewUserName');
  return (input, ctx) => {
    const key = text(input.AccessKeyId);
    if (input.UserName === undefined && key !== undefined) {
      const owner = tx.get<AccessKeyDoc>(KIND.accessKey, key)?.doc;
      const user = owner ? tx.get<UserDoc>(KIND.user, owner.userKey)?.doc : undefined;
      return user ? [user.Arn] : [];
    }
    return byName(input, ctx);
  };
}

function roles(tx: ReadTx): ArnBuilder {
  const byName = named(tx, 'role', 'RoleName', 'NewRoleName');
  return (input, ctx) => {
    const service = text(input.AWSServiceName);
    const known = service ? serviceLinkedRole(service) : undefined;
    if (service && known) {
      const suffix = text(input.CustomSuffix);
      return [entityArn(ctx.region, ctx.accountId, 'role', `/aws-service-role/${service}/`, suffix ? `${known.roleName}_${suffix}` : known.roleName)];
    }
    return byName(input, ctx);
  };
}

/** Policy calls name the policy by ARN; CreatePolicy by name and path. */
const policies: ArnBuilder = (input, ctx) => {
  const name = text(input.PolicyName);
  if (input.PolicyArn === undefined && name !== undefined) return [entityArn(ctx.region, ctx.accountId, 'policy', text(input.Path) ?? '/', name)];
  return strings(input.PolicyArn);
};

export function iamCallScope(tx: ReadTx) {
  const scope = callScope('iam', {
    builders: {
      user: users(tx),
      group: named(tx, 'group', 'GroupName', 'NewGroupName'),
      role: roles(tx),
      'instance-profile': (input, ctx) => arnOf(tx, ctx, 'instance-profile', text(input.InstanceProfileName), text(input.Path)),
      policy: policies,
    },
    conditions: (input) => ({
      ...(text(input.PolicyArn) ? { 'iam:PolicyARN': text(input.PolicyArn)! } : {}),
      ...(text(input.PermissionsBoundary) ? { 'iam:PermissionsBoundary': text(input.PermissionsBoundary)! } : {}),
      ...(text(input.AWSServiceName) ? { 'iam:AWSServiceName': text(input.AWSServiceName)! } : {}),
    }),
  });
  return (operation: string, input: unknown, ctx: RequestContext) => {
    const fields = (input ?? {}) as Record<string, unknown>;
    if (fields.UserName !== undefined || !FOR_THE_CALLER.has(operation)) return scope(operation, fields, ctx);
    const caller = callerOf(tx, ctx);
    return scope(operation, caller.type === 'user' ? { ...fields, UserName: caller.user.doc.UserName } : fields, ctx);
  };
}
