/**
 * GetAccountAuthorizationDetails: every user, group, role and managed policy of the account
 * with its policies, in one paged listing (users, then groups, roles, policies). AWS
 * managed policies appear when something in the account uses them.
 */
import { GetAccountAuthorizationDetailsRequest, GroupDetail, ManagedPolicyDetail, Operations, PolicyDetail, RoleDetail, UserDetail } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { AWS_MANAGED } from '../domain/aws-managed.js';
import { attachmentCount, boundaryUsageCount, findManagedPolicy, policyName } from '../domain/lookups.js';
import { accountPrefix, GroupDoc, INDEX, InlinePolicy, InstanceProfileDoc, KIND, ManagedPolicyDoc, RoleDoc, UserDoc } from '../domain/records.js';
import { IamDeps } from './context.js';
import { page, pageFields } from './paging.js';
import { encodeDocument, instanceProfileView, localPolicyView, policyView, roleView, userView } from './views.js';

type Filter = NonNullable<GetAccountAuthorizationDetailsRequest['Filter']>[number];

type Detail =
  | { order: string; user: UserDetail }
  | { order: string; group: GroupDetail }
  | { order: string; role: RoleDetail }
  | { order: string; policy: ManagedPolicyDetail };

const inlineList = (inline: InlinePolicy[]): PolicyDetail[] => inline.map((p) => ({ PolicyName: p.name, PolicyDocument: encodeDocument(p.document) }));

function attachedList(tx: ReadTx, accountId: string, arns: string[]) {
  return arns.flatMap((arn) => {
    const policy = findManagedPolicy(tx, accountId, arn);
    return policy ? [{ PolicyName: policyName(policy), PolicyArn: arn }] : [];
  });
}

function userDetail(tx: ReadTx, doc: UserDoc): UserDetail {
  const groups = doc.groups.flatMap((g) => tx.get<GroupDoc>(KIND.group, `${doc.accountId}/${g}`)?.doc.GroupName ?? []);
  return { ...userView(doc, true), UserPolicyList: inlineList(doc.inline), GroupList: groups, AttachedManagedPolicies: attachedList(tx, doc.accountId, doc.attached) };
}

function groupDetail(tx: ReadTx, doc: GroupDoc): GroupDetail {
  return {
    Path: doc.Path, GroupName: doc.GroupName, GroupId: doc.GroupId, Arn: doc.Arn, CreateDate: doc.CreateDate,
    GroupPolicyList: inlineList(doc.inline), AttachedManagedPolicies: attachedList(tx, doc.accountId, doc.attached),
  };
}

function roleDetail(tx: ReadTx, key: string, doc: RoleDoc): RoleDetail {
  const { MaxSessionDuration: _m, Description: _d, ...role } = roleView(doc, 'get');
  const profiles = tx.listByIndex<InstanceProfileDoc>(KIND.instanceProfile, INDEX.role, { key }).map((r) => instanceProfileView(tx, r.doc, false));
  return { ...role, InstanceProfileList: profiles, RolePolicyList: inlineList(doc.inline), AttachedManagedPolicies: attachedList(tx, doc.accountId, doc.attached) };
}

function localPolicyDetail(tx: ReadTx, doc: ManagedPolicyDoc): ManagedPolicyDetail {
  const { Tags: _t, ...policy } = localPolicyView(tx, doc, true);
  const PolicyVersionList = [...doc.versions].reverse().map((v) => ({ Document: encodeDocument(v.document), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === doc.DefaultVersionId, CreateDate: v.CreateDate }));
  return { ...policy, PolicyVersionList };
}

function details(tx: ReadTx, ctx: RequestContext, filter: Filter[] | undefined): Detail[] {
  const wants = (f: Filter) => !filter || filter.length === 0 || filter.includes(f);
  const prefix = accountPrefix(ctx.accountId);
  const out: Detail[] = [];
  if (wants('User')) for (const r of tx.list<UserDoc>(KIND.user, { prefix })) out.push({ order: `1${r.id}`, user: userDetail(tx, r.doc) });
  if (wants('Group')) for (const r of tx.list<GroupDoc>(KIND.group, { prefix })) out.push({ order: `2${r.id}`, group: groupDetail(tx, r.doc) });
  if (wants('Role')) for (const r of tx.list<RoleDoc>(KIND.role, { prefix })) out.push({ order: `3${r.id}`, role: roleDetail(tx, r.id, r.doc) });
  if (wants('LocalManagedPolicy')) for (const r of tx.list<ManagedPolicyDoc>(KIND.policy, { prefix })) out.push({ order: `4${r.id}`, policy: localPolicyDetail(tx, r.doc) });
  if (wants('AWSManagedPolicy')) {
    for (const p of AWS_MANAGED) {
      if (attachmentCount(tx, ctx.accountId, p.Arn) + boundaryUsageCount(tx, ctx.accountId, p.Arn) === 0) continue;
      const view = policyView(tx, ctx.accountId, { source: 'aws', policy: p }, true);
      out.push({ order: `5${p.Arn}`, policy: { ...view, PolicyVersionList: [{ Document: encodeDocument(p.document), VersionId: p.DefaultVersionId, IsDefaultVersion: true, CreateDate: p.UpdateDate }] } });
    }
  }
  return out;
}

export function authorizationDetailsOps(deps: IamDeps): TypedHandlers<Operations> {
  return {
    GetAccountAuthorizationDetails(input, ctx) {
      return deps.store.transact((tx) => {
        const p = page(details(tx, ctx, input.Filter), (d) => d.order, input);
        return {
          UserDetailList: p.items.flatMap((d) => ('user' in d ? [d.user] : [])),
          GroupDetailList: p.items.flatMap((d) => ('group' in d ? [d.group] : [])),
          RoleDetailList: p.items.flatMap((d) => ('role' in d ? [d.role] : [])),
          Policies: p.items.flatMap((d) => ('policy' in d ? [d.policy] : [])),
          ...pageFields(p),
        };
      });
    },
  };
}
