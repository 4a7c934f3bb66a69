// ECR lifecycle policies: the policy document, its validation and (re-exported) its evaluation.
// Validation mirrors AWS's two layers: a JSON-schema check (fge json-schema-validator wording,
// which AWS's messages show) and the semantic rules of the ECR user guide.
import { failure, SchemaCheck } from './schema.js';

export { evaluateLifecyclePolicy } from './evaluate.js';

export type TagStatus = 'tagged' | 'untagged' | 'any';
export type CountType = 'imageCountMoreThan' | 'sinceImagePushed';

export interface LifecycleSelection {
  tagStatus: TagStatus;
  tagPrefixList?: string[];
  tagPatternList?: string[];
  countType: CountType;
  countUnit?: 'days';
  countNumber: number;
}

export interface LifecycleRule {
  rulePriority: number;
  description?: string;
  selection: LifecycleSelection;
  action: { type: 'expire' };
}

export interface LifecyclePolicy { rules: LifecycleRule[] }

export type ParseResult = { ok: true; policy: LifecyclePolicy } | { ok: false; message: string };

/** "There is a maximum limit of four wildcards (*) per string" (ECR user guide). */
export const MAX_WILDCARDS = 4;

export function parseLifecyclePolicy(text: string): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return failure('Could not map policyString into LifecyclePolicy.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return failure('Could not map policyString into LifecyclePolicy.');
  }
  const check = new SchemaCheck();
  const policy = check.policy(doc as Record<string, unknown>);
  if (!policy || check.error !== undefined) return failure(check.error ?? 'Could not map policyString into LifecyclePolicy.');
  const semantic = checkSemantics(policy);
  if (semantic !== undefined) return failure(semantic);
  return { ok: true, policy };
}

/** The rules the schema cannot express. Wording of these messages is our best guess. */
function checkSemantics(policy: LifecyclePolicy): string | undefined {
  const seen = new Set<number>();
  for (const rule of policy.rules) {
    if (seen.has(rule.rulePriority)) return `The rulePriority ${rule.rulePriority} is used by more than one rule. Each rule must have a unique rulePriority.`;
    seen.add(rule.rulePriority);
  }
  const highest = Math.max(...policy.rules.map((r) => r.rulePriority));
  for (const rule of policy.rules) {
    const message = checkRule(rule, highest);
    if (message !== undefined) return message;
  }
  return undefined;
}

function checkRule(rule: LifecycleRule, highestPriority: number): string | undefined {
  const { tagStatus, tagPrefixList, tagPatternList } = rule.selection;
  const id = `rule with rulePriority ${rule.rulePriority}`;
  if (tagPrefixList !== undefined && tagPatternList !== undefined) {
    return `The ${id} specifies both tagPrefixList and tagPatternList. A rule can specify only one of them.`;
  }
  if (tagStatus === 'tagged' && !tagPrefixList?.length && !tagPatternList?.length) {
    return `The ${id} has tagStatus 'tagged' and must specify a non-empty tagPrefixList or tagPatternList.`;
  }
  if (tagStatus !== 'tagged' && (tagPrefixList !== undefined || tagPatternList !== undefined)) {
    return `The ${id} has tagStatus '${tagStatus}'; tagPrefixList and tagPatternList can only be used with tagStatus 'tagged'.`;
  }
  if (tagStatus === 'any' && rule.rulePriority !== highestPriority) {
    return `The ${id} has tagStatus 'any' and must have the highest rulePriority in the policy.`;
  }
  const wild = (tagPatternList ?? []).find((p) => p.split('*').length - 1 > MAX_WILDCARDS);
  if (wild !== undefined) {
    return `The tag pattern '${wild}' has more than ${MAX_WILDCARDS} wildcards (*). A tag pattern can have at most ${MAX_WILDCARDS} wildcards.`;
  }
  return undefined;
}
