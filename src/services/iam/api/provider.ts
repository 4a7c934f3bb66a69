/** The IAM service: model, awsQuery protocol and handlers, each typed by its operation's contract. Missing operations answer 501. */
import { Operations } from '../../../protocol/generated/iam.js';
import { loadModel } from '../../../protocol/model.js';
import { QueryProtocol } from '../../../protocol/query-protocol.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { accessKeyOps } from './access-keys.js';
import { accountOps } from './account.js';
import { attachmentOps } from './attachments.js';
import { authorizationDetailsOps } from './authorization-details.js';
import { boundaryOps } from './boundaries.js';
import { IamDeps } from './context.js';
import { groupOps } from './groups.js';
import { iamCallScope } from './iam-scope.js';
import { inlinePolicyOps } from './inline-policies.js';
import { instanceProfileOps } from './instance-profiles.js';
import { policyOps } from './policies.js';
import { policyVersionOps } from './policy-versions.js';
import { roleOps } from './roles.js';
import { serviceLinkedRoleOps } from './service-linked-roles.js';
import { tagOps } from './tags.js';
import { userOps } from './users.js';

export function iamHandlers(deps: IamDeps): TypedHandlers<Operations> {
  return {
    ...userOps(deps),
    ...accessKeyOps(deps),
    ...groupOps(deps),
    ...roleOps(deps),
    ...serviceLinkedRoleOps(deps),
    ...policyOps(deps),
    ...policyVersionOps(deps),
    ...attachmentOps(deps),
    ...inlinePolicyOps(deps),
    ...boundaryOps(deps),
    ...instanceProfileOps(deps),
    ...tagOps(deps),
    ...accountOps(deps),
    ...authorizationDetailsOps(deps),
  };
}

export function iamService(deps: IamDeps): ServiceDefinition {
  return { name: 'iam', model: loadModel('iam'), protocols: [new QueryProtocol('ValidationError')], handlers: iamHandlers(deps), authorization: iamCallScope(deps.store) };
}
