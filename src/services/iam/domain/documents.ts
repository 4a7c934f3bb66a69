/**
 * Policy documents as IAM stores them: parsed once to refuse what IAM refuses
 * (MalformedPolicyDocument with the parser's message), then checked against the size
 * quota of where they go. The document is stored as given; the directory parses it again
 * (cached) when a request needs it.
 */
import { PolicyError } from '../../../iam/policy/errors.js';
import { PolicyKind } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { iamErrors } from './errors.js';
import { policySize, QUOTAS } from './limits.js';

export function checkDocument(document: string, kind: PolicyKind): void {
  try {
    parsePolicy(document, kind);
  } catch (e) {
    if (e instanceof PolicyError) throw iamErrors.malformed(e.message);
    throw e;
  }
}

/** A role's trust policy: IAM's grammar for trust policies, then ACLSizePerRole (2,048). */
export function checkTrustPolicy(document: string): void {
  checkDocument(document, 'trust');
  if (policySize(document) > QUOTAS.trustPolicySize) throw iamErrors.quota('ACLSizePerRole', QUOTAS.trustPolicySize);
}

/** A managed policy version: the identity grammar, then PolicySize (6,144). */
export function checkManagedDocument(document: string): void {
  checkDocument(document, 'identity');
  if (policySize(document) > QUOTAS.managedPolicySize) throw iamErrors.quota('PolicySize', QUOTAS.managedPolicySize);
}
