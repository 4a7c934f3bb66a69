/**
 * BatchGetSecretValue's per-secret authorization: AWS requires secretsmanager:GetSecretValue
 * on every secret a batch returns, beyond BatchGetSecretValue itself (which the authorize
 * step checks). The same authorizer and principals as the edge decide, with the secret's
 * resource policy; a refusal becomes the secret's entry in Errors.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { Authorizer } from '../../../iam/authorizer.js';
import { Credentials } from '../../../iam/credentials.js';
import { Policy } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { rootPrincipal } from '../../../iam/principal.js';
import { ReadCheck } from './context.js';

const GET_SECRET_VALUE = iamActionFor('secretsmanager', 'GetSecretValue')!;

function policyOf(document: string | undefined, arn: string): Policy | undefined {
  if (document === undefined) return undefined;
  try {
    return parsePolicy(document, 'resource', { name: `resource policy of ${arn}` });
  } catch {
    return parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}', 'resource');
  }
}

export function readCheck(authorizer: Authorizer, credentials: Credentials): ReadCheck {
  return (ctx, arn, resourcePolicy) => {
    const principal = credentials.principalFor?.(ctx.accessKeyId, ctx.accountId) ?? rootPrincipal(ctx.accessKeyId, ctx.accountId);
    const context = {
      'aws:CurrentTime': ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
      'aws:RequestedRegion': ctx.region,
      'secretsmanager:SecretId': arn,
    };
    const decision = authorizer.authorize({ principal, action: GET_SECRET_VALUE, resources: [arn], region: ctx.region, context, resourcePolicy: policyOf(resourcePolicy, arn) });
    return decision.allowed ? undefined : `User: ${principal.arn} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${arn}`;
  };
}
