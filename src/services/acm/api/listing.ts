/**
 * ListCertificates: the account's certificates in the Region, filtered by status and by the
 * Includes filters (key types, key usages, extended key usages), in record order or sorted by
 * creation (SortBy CREATED_AT). As AWS, only RSA_1024 and RSA_2048 certificates are listed
 * unless Includes.keyTypes names others.
 */
import { decodeToken, encodeToken } from '../../../platform/aws/pagination.js';
import { scopeOf, scopePrefix } from '../../../platform/aws/scope.js';
import { ListCertificatesRequest, Operations } from '../../../protocol/generated/acm.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { statusAt } from '../domain/certificate-store.js';
import { acmErrors } from '../domain/errors.js';
import { CertificateDoc, KIND } from '../domain/records.js';
import { AcmDeps } from './context.js';
import { summaryView } from './views.js';

const DEFAULT_KEY_TYPES = ['RSA_1024', 'RSA_2048'];
const MAX_ITEMS = 1000;

/** A filter list matches when it is absent or empty, or when any of its values applies. */
const anyOf = <T>(wanted: T[] | undefined, has: (value: T) => boolean) => !wanted?.length || wanted.some(has);

function matches(input: ListCertificatesRequest, doc: CertificateDoc, now: Date): boolean {
  const includes = input.Includes ?? {};
  return anyOf(input.CertificateStatuses, (s) => s === statusAt(doc, now))
    && (includes.keyTypes?.length ? includes.keyTypes : DEFAULT_KEY_TYPES).includes(doc.KeyAlgorithm)
    && anyOf(includes.keyUsage, (u) => u === 'ANY' || doc.KeyUsages.includes(u as never))
    && anyOf(includes.extendedKeyUsage, (u) => u === 'ANY' || doc.ExtendedKeyUsages.some((e) => e.Name === u));
}

/** Sort keys, unique per certificate: creation time (when sorted by it) and the ARN. */
const sortKey = (input: ListCertificatesRequest) => (doc: CertificateDoc) => (input.SortBy === 'CREATED_AT' ? `${doc.CreatedAt}\u0000${doc.CertificateArn}` : doc.CertificateArn);

export function listingOps({ store }: AcmDeps): Pick<TypedHandlers<Operations>, 'ListCertificates'> {
  return {
    ListCertificates: (input, ctx) => {
      const keyOf = sortKey(input);
      const descending = input.SortOrder === 'DESCENDING';
      const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
      if (input.NextToken !== undefined && after === undefined) throw acmErrors.invalidArgs('The NextToken is not valid.');
      const all = store.list<CertificateDoc>(KIND.certificate, { prefix: scopePrefix(scopeOf(ctx)) }).map((r) => r.doc)
        .filter((d) => matches(input, d, ctx.now))
        .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1) * (descending ? -1 : 1));
      const rest = after === undefined ? all : all.filter((d) => (descending ? keyOf(d) < after : keyOf(d) > after));
      const page = rest.slice(0, input.MaxItems ?? MAX_ITEMS);
      return {
        CertificateSummaryList: page.map((d) => summaryView(d, ctx.now)),
        ...(rest.length > page.length ? { NextToken: encodeToken(keyOf(page[page.length - 1])) } : {}),
      };
    },
  };
}
