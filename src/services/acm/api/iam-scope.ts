/**
 * What an ACM call touches, for the authorize step: the certificate its CertificateArn names
 * (ImportCertificate without one, RequestCertificate and the lists are `*`), and ACM's
 * condition keys where the Service Authorization Reference lists them: acm:KeyAlgorithm,
 * acm:ValidationMethod, acm:DomainNames, acm:CertificateTransparencyLogging,
 * acm:CertificateAuthority, aws:TagKeys and aws:RequestTag/<key>.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { callScope, CallPlace, CallScope, strings } from '../../../iam/call-scope.js';

type Fields = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const tagsOf = (input: Fields) => (Array.isArray(input.Tags) ? (input.Tags as { Key?: unknown; Value?: unknown }[]) : []);

function conditions(input: Fields): Record<string, string | string[]> {
  const entries: Array<[string, string | string[] | undefined]> = [
    ['acm:KeyAlgorithm', text(input.KeyAlgorithm) ?? (text(input.DomainName) !== undefined ? 'RSA_2048' : undefined)],
    ['acm:ValidationMethod', text(input.ValidationMethod)],
    ['acm:DomainNames', text(input.DomainName) !== undefined ? [text(input.DomainName)!, ...strings(input.SubjectAlternativeNames)] : undefined],
    ['acm:CertificateTransparencyLogging', text((input.Options as Fields | undefined)?.CertificateTransparencyLoggingPreference)],
    ['acm:CertificateAuthority', text(input.CertificateAuthorityArn)],
    ['aws:TagKeys', tagsOf(input).length > 0 ? tagsOf(input).map((t) => String(t.Key)) : undefined],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

const base = callScope('acm', { builders: { certificate: (input) => strings(input.CertificateArn) }, conditions });

export function acmCallScope(operation: string, input: unknown, ctx: CallPlace): CallScope | undefined {
  const fields = (input ?? {}) as Fields;
  const scoped = base(operation, fields, ctx);
  // A key whose name carries the tag key is not matched by the table's template: filled in here.
  const listed = iamActionFor('acm', operation)?.conditionKeys.includes('aws:RequestTag/${TagKey}');
  const requestTags = listed ? tagsOf(fields).map((t) => [`aws:RequestTag/${String(t.Key)}`, text(t.Value) ?? ''] as const) : [];
  if (requestTags.length === 0) return scoped;
  return { resources: scoped?.resources ?? ['*'], context: { ...scoped?.context, ...Object.fromEntries(requestTags) } };
}
