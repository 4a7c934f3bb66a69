/**
 * Repository policies (IAM JSON): validation for SetRepositoryPolicy and evaluation of
 * registry actions. An explicit Deny wins; the account's own root principal is allowed
 * by its identity permissions, so a policy can only restrict it; other principals need an
 * explicit Allow. Conditions are not evaluated (Berth has no request context for them).
 *
 * Evaluation cost is bounded by the policy text, which the ECR model caps at 10,240
 * characters (the protocol layer rejects longer ones): however many statements and actions
 * that holds, each action pattern costs at most |pattern| × |action name| steps.
 */
import { matchWildcard } from '../../../platform/wildcard.js';

export interface Principal {
  /** arn:aws:iam::<account>:root, or undefined for an anonymous caller. */
  arn?: string;
  accountId?: string;
}

export const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
export const PUSH_ACTIONS = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

interface Statement { Effect: 'Allow' | 'Deny'; Principal?: unknown; Action?: string | string[]; NotAction?: string | string[] }

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** undefined when valid, else the reason (AWS answers InvalidParameterException with it). */
export function validatePolicy(text: string): string | undefined {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'';
  }
  const statements = doc && typeof doc === 'object' ? (Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : undefined) : undefined;
  if (!statements || statements.length === 0) return 'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'';
  for (const s of statements) {
    if (!s || typeof s !== 'object') return 'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'';
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid policy effect ${s.Effect ?? ''}'`;
    if (s.Principal === undefined && s.NotPrincipal === undefined) return 'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'';
    if (s.Action === undefined && s.NotAction === undefined) return 'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'';
    for (const a of [...list(s.Action), ...list(s.NotAction)]) {
      if (a !== '*' && !/^ecr:[A-Za-z*?]+$/i.test(a)) return `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'`;
    }
  }
  return undefined;
}

/** IAM action matching: case-insensitive, `*` and `?`, in bounded time (never a regex: see wildcard.ts). */
function actionPattern(pattern: string, action: string): boolean {
  return matchWildcard(pattern, action, { caseInsensitive: true, questionMark: true });
}

function actionMatches(s: Statement, action: string): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => actionPattern(p, action));
  return list(s.Action).some((p) => actionPattern(p, action));
}

function principalMatches(s: Statement, who: Principal): boolean {
  const p = s.Principal;
  if (p === '*') return true;
  if (!p || typeof p !== 'object') return false;
  return list((p as Record<string, unknown>).AWS).some((v) => {
    if (v === '*') return true;
    if (!who.arn) return false;
    return v === who.arn || v === who.accountId || v === `arn:aws:iam::${who.accountId}:root`;
  });
}

/** Whether `who` may perform `action` on a repository with this policy (owned by `ownerAccount`). */
export function isAllowed(policyText: string | undefined, action: string, who: Principal, ownerAccount: string): boolean {
  const statements: Statement[] = policyText ? [JSON.parse(policyText).Statement].flat() : [];
  const relevant = statements.filter((s) => actionMatches(s, action) && principalMatches(s, who));
  if (relevant.some((s) => s.Effect === 'Deny')) return false;
  if (who.arn && who.accountId === ownerAccount) return true;
  return relevant.some((s) => s.Effect === 'Allow');
}
