/**
 * What RequestCertificate shows for domain validation, as AWS shows it. Berth's private CA
 * issues at once, so every domain reads SUCCESS; the records are still the ones AWS would
 * ask for, so tools that create them (Terraform's aws_acm_certificate_validation, CDK)
 * find what they expect. AWS's DNS record is the same for a domain in one account (a
 * wildcard shares its base domain's), which the digest here reproduces.
 */
import { createHash } from 'node:crypto';
import { DomainValidation } from '../../../protocol/generated/acm.js';

const EMAIL_BOXES = ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'];

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

/** `*.example.com` is validated as `example.com`. */
const baseOf = (domain: string) => domain.replace(/^\*\./, '');

/** DomainName first, then the other names once each, in the order asked (compared without case, as DNS names are). */
export function requestedNames(domainName: string, alternatives: string[] = []): string[] {
  const seen = new Set<string>();
  return [domainName, ...alternatives].filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
}

export function dnsValidation(accountId: string, domain: string): DomainValidation {
  const base = baseOf(domain).toLowerCase();
  return {
    DomainName: domain, ValidationDomain: domain, ValidationStatus: 'SUCCESS', ValidationMethod: 'DNS',
    ResourceRecord: { Name: `_${digest(accountId, base).slice(0, 32)}.${base}.`, Type: 'CNAME', Value: `_${digest('value', accountId, base).slice(0, 32)}.${digest('zone', base).slice(0, 10)}.acm-validations.aws.` },
  };
}

/** EMAIL validation names the WHOIS-independent addresses of the validation domain. */
export function emailValidation(domain: string, validationDomain = baseOf(domain)): DomainValidation {
  return {
    DomainName: domain, ValidationDomain: validationDomain, ValidationStatus: 'SUCCESS', ValidationMethod: 'EMAIL',
    ValidationEmails: EMAIL_BOXES.map((box) => `${box}@${validationDomain}`),
  };
}
