/**
 * Certificate ARNs, `arn:<partition>:acm:<region>:<account>:certificate/<uuid>`, and the
 * record ids they map to. An ARN of another account or Region names nothing here.
 */
import { buildArn, isForeignArn, parseArn } from '../../../platform/aws/arn.js';
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const certificateArn = (scope: Scope, id: string) => buildArn('acm', scope, `certificate/${id}`);
export const certificateKey = (scope: Scope, id: string) => `${scopePrefix(scope)}${id}`;

export type CertificateRef = { by: 'id'; id: string } | { by: 'foreign' } | { by: 'invalid' };

/** Which certificate an ARN names in `scope`: an id, nothing (another account's or Region's), or not a certificate ARN at all. */
export function parseCertificateArn(arn: string, scope: Scope): CertificateRef {
  const parsed = parseArn(arn);
  const id = parsed?.resource.startsWith('certificate/') ? parsed.resource.slice('certificate/'.length) : undefined;
  if (!parsed || parsed.service !== 'acm' || id === undefined || !UUID.test(id)) return { by: 'invalid' };
  return isForeignArn(arn, scope) ? { by: 'foreign' } : { by: 'id', id };
}

/** The scope and record id of a certificate ARN, whoever asks (the port is called with ARNs from other services' records). */
export function recordOfArn(arn: string): { scope: Scope; key: string } | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  const scope = { region: parsed.region, accountId: parsed.accountId };
  const ref = parseCertificateArn(arn, scope);
  return ref.by === 'id' ? { scope, key: certificateKey(scope, ref.id) } : undefined;
}
