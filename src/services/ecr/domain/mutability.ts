/** Tag immutability with ECR's exclusion filters (WILDCARD patterns where `*` matches any run). */
import { matchWildcard } from '../../../platform/wildcard.js';
import { RepositoryDoc } from './records.js';

export function tagIsImmutable(repo: Pick<RepositoryDoc, 'imageTagMutability' | 'imageTagMutabilityExclusionFilters'>, tag: string): boolean {
  const excluded = (repo.imageTagMutabilityExclusionFilters ?? []).some((f) => matchWildcard(f.filter, tag));
  switch (repo.imageTagMutability) {
    case 'IMMUTABLE': return true;
    case 'IMMUTABLE_WITH_EXCLUSION': return !excluded;
    case 'MUTABLE_WITH_EXCLUSION': return excluded;
    default: return false;
  }
}
