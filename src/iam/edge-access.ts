/**
 * Who may call, and what they may do: the root key alone until an IAM directory exists,
 * then also its users' and sessions' keys, decided by their policies (`--iam-enforcement
 * log` turns refusals into logged warnings). The edge uses this, and so does any module
 * that must decide per item within one call (BatchGetSecretValue).
 */
import { auditOnly, Authorizer, PolicySource, policyAuthorizer, rootOnlyAuthorizer } from './authorizer.js';
import { Credentials, KeyDirectory, withDirectory } from './credentials.js';

export function edgeAccess(enforcement: 'enforce' | 'log', root: Credentials, directory?: KeyDirectory & PolicySource): { credentials: Credentials; authorizer: Authorizer } {
  if (!directory) return { credentials: root, authorizer: rootOnlyAuthorizer };
  const authorizer = policyAuthorizer(directory);
  return { credentials: withDirectory(root, directory), authorizer: enforcement === 'log' ? auditOnly(authorizer) : authorizer };
}
