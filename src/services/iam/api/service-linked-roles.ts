/**
 * Service-linked roles: CreateServiceLinkedRole (`AWSServiceRoleForECS` at
 * `/aws-service-role/ecs.amazonaws.com/` with AmazonECSServiceRolePolicy attached, and the
 * other services SERVICE_LINKED_ROLES names), DeleteServiceLinkedRole (done at once; the
 * task answers SUCCEEDED), GetServiceLinkedRoleDeletionStatus.
 */
import { Operations } from '../../../protocol/generated/iam.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { SERVICE_LINKED_ROLES, serviceLinkedRole } from '../domain/aws-managed.js';
import { iamErrors } from '../domain/errors.js';
import { deletionTaskId } from '../domain/ids.js';
import { MIN_SESSION_SECONDS } from '../domain/limits.js';
import { findEntity, getEntity } from '../domain/lookups.js';
import { DeletionTaskDoc, deletionTaskKey, KIND } from '../domain/records.js';
import { IamDeps } from './context.js';
import { insertRole } from './roles.js';
import { roleView } from './views.js';

/** The trust policy AWS gives a service-linked role. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: [service] } }] });
}

export function serviceLinkedRoleOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreateServiceLinkedRole(input, ctx) {
      const service = serviceLinkedRole(input.AWSServiceName);
      if (!service) throw iamErrors.invalidInput(`Berth has no service-linked role for ${input.AWSServiceName}; it knows ${Object.keys(SERVICE_LINKED_ROLES).join(', ')}.`);
      const name = input.CustomSuffix !== undefined ? `${service.roleName}_${input.CustomSuffix}` : service.roleName;
      return store.transact((tx) => {
        if (findEntity(tx, 'role', ctx.accountId, name)) throw iamErrors.invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);
        const description = input.Description ?? service.description;
        const doc = insertRole(tx, ctx, deps, {
          name, path: `/aws-service-role/${input.AWSServiceName}/`, trust: serviceTrustPolicy(input.AWSServiceName),
          maxSessionDuration: MIN_SESSION_SECONDS, tags: [], serviceLinked: input.AWSServiceName,
          ...(description !== undefined ? { description } : {}),
          attached: service.policyArn ? [service.policyArn] : [],
        });
        return { Role: roleView(doc, 'create') };
      });
    },

    DeleteServiceLinkedRole(input, ctx) {
      return store.transact((tx) => {
        const rec = getEntity(tx, 'role', ctx.accountId, input.RoleName);
        if (!rec.doc.serviceLinked) throw iamErrors.invalidInput(`Role ${rec.doc.RoleName} is not a service-linked role.`);
        const id = deletionTaskId(rec.doc.Path, rec.doc.RoleName, deps.random);
        tx.delete(KIND.role, rec.id);
        tx.put<DeletionTaskDoc>(KIND.deletionTask, deletionTaskKey(ctx.accountId, id), { accountId: ctx.accountId, DeletionTaskId: id, Status: 'SUCCEEDED' }, 0);
        return { DeletionTaskId: id };
      });
    },

    GetServiceLinkedRoleDeletionStatus(input, ctx) {
      const task = store.get<DeletionTaskDoc>(KIND.deletionTask, deletionTaskKey(ctx.accountId, input.DeletionTaskId))?.doc;
      if (!task) throw iamErrors.noSuchDeletionTask(input.DeletionTaskId);
      return { Status: task.Status };
    },
  };
}
