/**
 * Resource policies: Put/Get/Delete/ValidateResourcePolicy. A policy is parsed with IAM's
 * own grammar (src/iam/policy, kind `resource`), so what is stored is what the authorize
 * step evaluates. BlockPublicPolicy refuses a policy that allows every principal without
 * any condition; ValidateResourcePolicy reports that as its one check.
 */
import { MESSAGES, PolicyError } from '../../../iam/policy/errors.js';
import { Policy } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { Operations } from '../../../protocol/generated/secretsmanager.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { smErrors } from '../domain/errors.js';
import { requireLive, requireSecret } from '../domain/lookups.js';
import { KIND } from '../domain/records.js';
import { scope, SmDeps, stamp } from './context.js';
import { nameAndArn } from './views.js';

type Ops = Pick<TypedHandlers<Operations>, 'PutResourcePolicy' | 'GetResourcePolicy' | 'DeleteResourcePolicy' | 'ValidateResourcePolicy'>;

/** The policy parsed, or MalformedPolicyDocumentException with IAM's reason. */
export function parseResourcePolicy(document: string): Policy {
  try {
    return parsePolicy(document, 'resource');
  } catch (e) {
    if (e instanceof PolicyError) throw smErrors.malformedPolicy(e.message);
    if (e instanceof SyntaxError) throw smErrors.malformedPolicy(MESSAGES.syntax);
    throw e;
  }
}

/** Whether a statement grants every principal, unconditionally: the broad access BlockPublicPolicy refuses. */
export const isPublic = (policy: Policy) =>
  policy.statements.some((s) => s.effect === 'Allow' && s.principals !== undefined && !s.principals.not && s.principals.set.any && s.conditions.length === 0);

export function policyOps(deps: SmDeps): Ops {
  const { store } = deps;
  return {
    PutResourcePolicy: (input, ctx) => {
      const policy = parseResourcePolicy(input.ResourcePolicy);
      if (input.BlockPublicPolicy && isPublic(policy)) throw smErrors.publicPolicy();
      return store.transact((tx) => {
        const secret = requireLive(tx, scope(ctx), input.SecretId);
        tx.put(KIND.secret, secret.id, { ...secret.doc, ResourcePolicy: input.ResourcePolicy, LastChangedDate: stamp(ctx) }, secret.version);
        return nameAndArn(secret.doc);
      });
    },

    GetResourcePolicy: (input, ctx) => {
      const secret = requireSecret(store, scope(ctx), input.SecretId).doc;
      return { ...nameAndArn(secret), ...(secret.ResourcePolicy !== undefined ? { ResourcePolicy: secret.ResourcePolicy } : {}) };
    },

    DeleteResourcePolicy: (input, ctx) => store.transact((tx) => {
      const secret = requireLive(tx, scope(ctx), input.SecretId);
      const { ResourcePolicy: _removed, ...rest } = secret.doc;
      tx.put(KIND.secret, secret.id, { ...rest, LastChangedDate: stamp(ctx) }, secret.version);
      return nameAndArn(secret.doc);
    }),

    ValidateResourcePolicy: (input, ctx) => {
      if (input.SecretId !== undefined) requireSecret(store, scope(ctx), input.SecretId);
      const policy = parseResourcePolicy(input.ResourcePolicy);
      if (!isPublic(policy)) return { PolicyValidationPassed: true, ValidationErrors: [] };
      return { PolicyValidationPassed: false, ValidationErrors: [{ CheckName: 'BROAD_ACCESS', ErrorMessage: 'The policy grants every principal access to the secret.' }] };
    },
  };
}
