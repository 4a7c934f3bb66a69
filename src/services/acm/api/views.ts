/** Certificate records as DescribeCertificate and ListCertificates show them. */
import { CertificateDetail, CertificateSummary } from '../../../protocol/generated/acm.js';
import { statusAt } from '../domain/certificate-store.js';
import { CertificateDoc } from '../domain/records.js';

/** ListCertificates shows at most this many names per summary. */
const SUMMARY_NAMES = 100;

/** AWS renews its own certificates while they are in use; imported ones never. */
const renewalEligibility = (doc: CertificateDoc) => (doc.Type === 'AMAZON_ISSUED' && doc.inUseBy.length > 0 ? 'ELIGIBLE' : 'INELIGIBLE');

const issuance = (doc: CertificateDoc) => (doc.Type === 'IMPORTED' ? { ImportedAt: doc.ImportedAt } : { IssuedAt: doc.IssuedAt });

export function detailView(doc: CertificateDoc, now: Date): CertificateDetail {
  return {
    CertificateArn: doc.CertificateArn,
    DomainName: doc.DomainName,
    SubjectAlternativeNames: doc.SubjectAlternativeNames,
    ...(doc.DomainValidationOptions ? { DomainValidationOptions: doc.DomainValidationOptions } : {}),
    Serial: doc.Serial,
    Subject: doc.Subject,
    Issuer: doc.Issuer,
    CreatedAt: doc.CreatedAt,
    ...issuance(doc),
    Status: statusAt(doc, now),
    NotBefore: doc.NotBefore,
    NotAfter: doc.NotAfter,
    KeyAlgorithm: doc.KeyAlgorithm,
    SignatureAlgorithm: doc.SignatureAlgorithm,
    InUseBy: doc.inUseBy,
    Type: doc.Type,
    KeyUsages: doc.KeyUsages.map((Name) => ({ Name })),
    ExtendedKeyUsages: doc.ExtendedKeyUsages,
    RenewalEligibility: renewalEligibility(doc),
    ...(doc.Options ? { Options: doc.Options } : {}),
  };
}

export function summaryView(doc: CertificateDoc, now: Date): CertificateSummary {
  return {
    CertificateArn: doc.CertificateArn,
    DomainName: doc.DomainName,
    SubjectAlternativeNameSummaries: doc.SubjectAlternativeNames.slice(0, SUMMARY_NAMES),
    HasAdditionalSubjectAlternativeNames: doc.SubjectAlternativeNames.length > SUMMARY_NAMES,
    Status: statusAt(doc, now),
    Type: doc.Type,
    KeyAlgorithm: doc.KeyAlgorithm,
    KeyUsages: doc.KeyUsages,
    ExtendedKeyUsages: doc.ExtendedKeyUsages.map((e) => e.Name),
    InUse: doc.inUseBy.length > 0,
    RenewalEligibility: renewalEligibility(doc),
    NotBefore: doc.NotBefore,
    NotAfter: doc.NotAfter,
    CreatedAt: doc.CreatedAt,
    ...issuance(doc),
  };
}
