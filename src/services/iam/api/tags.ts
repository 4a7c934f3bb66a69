/**
 * Tags on users, roles, customer managed policies and instance profiles: Tag*, Untag*,
 * List*Tags. IAM's tag keys are case-insensitive (a key given again in another case
 * replaces the tag), at most 50 per resource, and `aws:` is reserved.
 */
import { Operations, Tag } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { iamErrors } from '../domain/errors.js';
import { QUOTAS } from '../domain/limits.js';
import { getEntity } from '../domain/lookups.js';
import { entityKey, KIND, ManagedPolicyDoc, TagPair } from '../domain/records.js';
import { parsePolicyArn } from '../domain/names.js';
import { IamDeps } from './context.js';
import { page, pageFields } from './paging.js';

const lower = (key: string) => key.toLowerCase();

/** The tags of a create call or TagX, checked as IAM checks them. */
export function checkTags(tags: Tag[] | undefined): TagPair[] {
  if (!tags) return [];
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(lower(t.Key))) throw iamErrors.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lower(t.Key));
    if (lower(t.Key).startsWith('aws:')) throw iamErrors.invalidInput('User is not authorized to perform tagging operations with aws: prefix');
  }
  if (tags.length > QUOTAS.tagsPerResource) throw iamErrors.limitExceeded('The number of tags has reached the maximum limit.');
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

/** `existing` with `added` set: a key given again (in any case) takes the new key and value. */
export function mergeTags(existing: TagPair[], added: TagPair[]): TagPair[] {
  const replaced = new Set(added.map((t) => lower(t.Key)));
  const merged = [...existing.filter((t) => !replaced.has(lower(t.Key))), ...added];
  if (merged.length > QUOTAS.tagsPerResource) throw iamErrors.limitExceeded('The number of tags has reached the maximum limit.');
  return merged;
}

export function removeTags(existing: TagPair[], keys: string[]): TagPair[] {
  const drop = new Set(keys.map(lower));
  return existing.filter((t) => !drop.has(lower(t.Key)));
}

type Tagged = { tags: TagPair[] };

/** A customer managed policy by ARN (AWS managed policies are not the account's to tag). */
function localPolicy(tx: Tx, ctx: RequestContext, arn: string): StoredRecord<ManagedPolicyDoc> {
  const parts = parsePolicyArn(arn);
  if (!parts) throw iamErrors.invalidArn(arn);
  const rec = parts.accountId === ctx.accountId ? tx.get<ManagedPolicyDoc>(KIND.policy, entityKey(ctx.accountId, parts.name)) : undefined;
  if (!rec || rec.doc.Arn !== arn) throw iamErrors.noSuchPolicy(arn);
  return rec;
}

interface Target { kind: string; find(tx: Tx, ctx: RequestContext): StoredRecord<Tagged> }

function retag(deps: IamDeps, ctx: RequestContext, target: Target, change: (tags: TagPair[]) => TagPair[]): Record<string, never> {
  return deps.store.transact((tx) => {
    const rec = target.find(tx, ctx);
    tx.put(target.kind, rec.id, { ...rec.doc, tags: change(rec.doc.tags) }, rec.version);
    return {};
  });
}

function listTags(deps: IamDeps, ctx: RequestContext, target: Target, input: { Marker?: string; MaxItems?: number }) {
  const rec = deps.store.transact((tx) => target.find(tx, ctx));
  // Tags list in the order they were set; the marker is a position.
  const p = page(rec.doc.tags.map((t, i) => ({ t, at: String(i).padStart(4, '0') })), (x) => x.at, input);
  return { Tags: p.items.map(({ t }) => ({ Key: t.Key, Value: t.Value })), ...pageFields(p) };
}

export function tagOps(deps: IamDeps): TypedHandlers<Operations> {
  const user = (name: string): Target => ({ kind: KIND.user, find: (tx, ctx) => getEntity(tx, 'user', ctx.accountId, name) });
  const role = (name: string): Target => ({ kind: KIND.role, find: (tx, ctx) => getEntity(tx, 'role', ctx.accountId, name) });
  const profile = (name: string): Target => ({ kind: KIND.instanceProfile, find: (tx, ctx) => getEntity(tx, 'instance-profile', ctx.accountId, name) });
  const policy = (arn: string): Target => ({ kind: KIND.policy, find: (tx, ctx) => localPolicy(tx, ctx, arn) });
  const add = (tags: Tag[]) => {
    const added = checkTags(tags);
    return (existing: TagPair[]) => mergeTags(existing, added);
  };
  return {
    TagUser: (input, ctx) => retag(deps, ctx, user(input.UserName), add(input.Tags)),
    UntagUser: (input, ctx) => retag(deps, ctx, user(input.UserName), (t) => removeTags(t, input.TagKeys)),
    ListUserTags: (input, ctx) => listTags(deps, ctx, user(input.UserName), input),
    TagRole: (input, ctx) => retag(deps, ctx, role(input.RoleName), add(input.Tags)),
    UntagRole: (input, ctx) => retag(deps, ctx, role(input.RoleName), (t) => removeTags(t, input.TagKeys)),
    ListRoleTags: (input, ctx) => listTags(deps, ctx, role(input.RoleName), input),
    TagInstanceProfile: (input, ctx) => retag(deps, ctx, profile(input.InstanceProfileName), add(input.Tags)),
    UntagInstanceProfile: (input, ctx) => retag(deps, ctx, profile(input.InstanceProfileName), (t) => removeTags(t, input.TagKeys)),
    ListInstanceProfileTags: (input, ctx) => listTags(deps, ctx, profile(input.InstanceProfileName), input),
    TagPolicy: (input, ctx) => retag(deps, ctx, policy(input.PolicyArn), add(input.Tags)),
    UntagPolicy: (input, ctx) => retag(deps, ctx, policy(input.PolicyArn), (t) => removeTags(t, input.TagKeys)),
    ListPolicyTags: (input, ctx) => listTags(deps, ctx, policy(input.PolicyArn), input),
  };
}
