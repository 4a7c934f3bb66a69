/**
 * Key policies: Get/PutKeyPolicy and ListKeyPolicies. A key has one policy, named
 * `default`; documents are checked as resource policies (src/iam/policy) and kept as
 * given. AWS's lockout safety check (that the new policy still lets the caller change it)
 * is not made: BypassPolicyLockoutSafetyCheck is accepted and has no effect.
 */
import { PolicyError } from '../../../iam/policy/errors.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { Operations } from '../../../protocol/generated/kms.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { kmsErrors } from '../domain/errors.js';
import { KIND } from '../domain/records.js';
import { POLICY_NAME } from '../domain/policies.js';
import { keyFor, KmsDeps } from './context.js';

/** MalformedPolicyDocumentException with the parser's reason, as IAM words it. */
export function checkPolicy(json: string): void {
  try {
    parsePolicy(json, 'resource');
  } catch (e) {
    if (e instanceof PolicyError) throw kmsErrors.malformedPolicy(e.message);
    throw e;
  }
}

function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== POLICY_NAME) throw kmsErrors.noSuchPolicy();
}

export function policyOps(deps: KmsDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    GetKeyPolicy: (input, ctx) => {
      checkPolicyName(input.PolicyName);
      const key = keyFor(deps, store, ctx, input.KeyId, 'GetKeyPolicy', 'read');
      return { Policy: key.doc.policy, PolicyName: POLICY_NAME };
    },

    PutKeyPolicy: (input, ctx) => {
      checkPolicyName(input.PolicyName);
      checkPolicy(input.Policy);
      store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'PutKeyPolicy', 'read');
        tx.put(KIND.key, key.id, { ...key.doc, policy: input.Policy }, key.version);
      });
      return {};
    },

    ListKeyPolicies: (input, ctx) => {
      keyFor(deps, store, ctx, input.KeyId, 'ListKeyPolicies', 'read');
      return { PolicyNames: [POLICY_NAME], Truncated: false };
    },
  };
}
