/**
 * Secret names, ARNs and the three ways a call names a secret. A secret's ARN is
 * `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>`.
 * A SecretId is its name, its full ARN, or a partial ARN (the ARN without `-<suffix>`). An
 * ARN whose name part ends in `-` and six letters or digits is read as a full ARN only: AWS
 * does so, which is why its guide warns against names ending like a suffix.
 */
import { buildArn, isForeignArn, parseArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';

/** AWS's own list in its message includes `!`, which CreateSecret accepts too. */
const NAME = /^[A-Za-z0-9/_+=.@!-]+$/;
const SUFFIX = /-[A-Za-z0-9]{6}$/;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** What `??????` stands for in an ARN pattern: one suffix character each. */
export const SUFFIX_PATTERN = '-??????';

export const isValidName = (name: string) => NAME.test(name);

/** Six random letters and digits, as AWS appends to the name. */
export function arnSuffix(int: (max: number) => number): string {
  let out = '';
  for (let i = 0; i < 6; i++) out += SUFFIX_ALPHABET[int(SUFFIX_ALPHABET.length)];
  return out;
}

export const secretArn = (scope: Scope, name: string, suffix: string) => buildArn('secretsmanager', scope, `secret:${name}-${suffix}`);

/** How a SecretId names a secret: by name (a name or a partial ARN), by full ARN, or not at all. */
export type SecretRef =
  | { by: 'name'; name: string }
  | { by: 'arn'; name: string; arn: string }
  | { by: 'nothing' }
  | { by: 'invalid' };

export function parseSecretId(id: string, scope: Scope): SecretRef {
  if (!id.startsWith('arn:')) return isValidName(id) ? { by: 'name', name: id } : { by: 'invalid' };
  const arn = parseArn(id);
  // Another account's or Region's ARN names nothing here (Berth has no cross-account secrets).
  if (!arn || isForeignArn(id, scope) || arn.service !== 'secretsmanager' || !arn.resource.startsWith('secret:')) return { by: 'nothing' };
  const rest = arn.resource.slice('secret:'.length);
  if (!isValidName(rest)) return { by: 'nothing' };
  if (SUFFIX.test(rest)) return { by: 'arn', name: rest.slice(0, -7), arn: id };
  return { by: 'name', name: rest };
}

/**
 * The resource a call on a secret that does not exist (yet) is authorized on: the ARN it
 * would have, its suffix unknown (`-??????`), as AWS's guide writes policies for names.
 */
export function pendingArn(scope: Scope, name: string): string {
  return buildArn('secretsmanager', scope, `secret:${name}${SUFFIX_PATTERN}`);
}
