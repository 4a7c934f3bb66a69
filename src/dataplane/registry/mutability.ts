/** Tag immutability with ECR's exclusion filters (WILDCARD patterns where `*` matches any run). */
import { RepositoryDoc } from './records.js';

export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value);
}

export function tagIsImmutable(repo: Pick<RepositoryDoc, 'imageTagMutability' | 'imageTagMutabilityExclusionFilters'>, tag: string): boolean {
  const excluded = (repo.imageTagMutabilityExclusionFilters ?? []).some((f) => wildcardMatch(f.filter, tag));
  switch (repo.imageTagMutability) {
    case 'IMMUTABLE': return true;
    case 'IMMUTABLE_WITH_EXCLUSION': return !excluded;
    case 'MUTABLE_WITH_EXCLUSION': return excluded;
    default: return false;
  }
}
