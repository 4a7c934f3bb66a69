/**
 * Which parameters a call touches, for IAM: `arn:<partition>:ssm:<region>:<account>:parameter/<name
 * without its leading slash>` for each name (selectors dropped; an ARN as given, less its
 * selector); GetParametersByPath acts on its path as a parameter ARN, as AWS authorizes it.
 * Tagging calls name the parameter when ResourceType is Parameter. Condition keys:
 * ssm:Overwrite (PutParameter) and ssm:Recursive (GetParametersByPath).
 *
 * Reading a SecureString WithDecryption also needs kms:Decrypt on its key in AWS; checking
 * that is a later step (the KMS module would authorize it for the caller).
 */
import { CallPlace, callScope, strings } from '../../../iam/call-scope.js';
import { parameterArn } from '../domain/names.js';
import { normalizeName } from '../domain/records.js';

/** A name's ARN, or an ARN as given; either without its `:version` or `:label` selector. */
function arnOf(ref: string, place: CallPlace): string {
  if (ref.startsWith('arn:')) return ref.split(':').slice(0, 6).join(':');
  return parameterArn(place, ref.split(':')[0]);
}

/** `/app/db/` → `arn:…:parameter/app/db` (no trailing slash; `/` itself stays `parameter/`). */
function pathArn(path: string, place: CallPlace): string {
  return parameterArn(place, normalizeName(path).replace(/\/+$/, ''));
}

export const ssmCallScope = callScope('ssm', {
  builders: {
    parameter: (input, place) => {
      if (typeof input.Path === 'string') return [pathArn(input.Path, place)];
      if (input.ResourceType !== undefined) return input.ResourceType === 'Parameter' ? strings(input.ResourceId).map((id) => arnOf(id, place)) : [];
      return [...strings(input.Name), ...strings(input.Names)].map((ref) => arnOf(ref, place));
    },
  },
  conditions: (input) => ({
    ...(typeof input.Overwrite === 'boolean' ? { 'ssm:Overwrite': String(input.Overwrite) } : {}),
    ...(typeof input.Recursive === 'boolean' ? { 'ssm:Recursive': String(input.Recursive) } : {}),
  }),
});
