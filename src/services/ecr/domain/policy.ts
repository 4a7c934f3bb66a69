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
import { isObject } from './json.js';

export interface Principal {
  /** arn:aws:iam::<account>:root, or undefined for an anonymous caller. */
  arn?: string;
  accountId?: string;
}

export const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
export const PUSH_ACTIONS = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

/** A parsed statement: Effect, Principal, Action or NotAction (validatePolicy checked them; evaluation reads them as unknown). */
type Statement = Record<string, unknown>;

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

const INVALID = 'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'';

/** A policy's Statement as a list (IAM allows a single statement object); empty when there is none. */
function statementsOf(doc: unknown): unknown[] {
  if (!isObject(doc) || !doc.Statement) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** undefined when valid, else the reason (AWS answers InvalidParameterException with it). */
export function validatePolicy(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return INVALID;
  }
  const statements = statementsOf(doc);
  if (statements.length === 0) return INVALID;
  for (const s of statements) {
    if (!isObject(s)) return INVALID;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid policy effect ${s.Effect ?? ''}'`;
    if (s.Principal === undefined && s.NotPrincipal === undefined) return INVALID;
    if (s.Action === undefined && s.NotAction === undefined) return INVALID;
    for (const a of [...list(s.Action), ...list(s.NotAction)]) {
      if (a !== '*' && !/^ecr:[A-Za-z*?]+$/i.test(a)) return INVALID;
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
  if (!isObject(p)) return false;
  return list(p.AWS).some((v) => {
    if (v === '*') return true;
    if (!who.arn) return false;
    return v === who.arn || v === who.accountId || v === `arn:aws:iam::${who.accountId}:root`;
  });
}

/** Whether `who` may perform `action` on a repository with this policy (owned by `ownerAccount`). */
export function isAllowed(policyText: string | undefined, action: string, who: Principal, ownerAccount: string): boolean {
  const statements = policyText ? statementsOf(JSON.parse(policyText)).filter(isObject) : [];
  const relevant = statements.filter((s) => actionMatches(s, action) && principalMatches(s, who));
  if (relevant.some((s) => s.Effect === 'Deny')) return false;
  if (who.arn && who.accountId === ownerAccount) return true;
  return relevant.some((s) => s.Effect === 'Allow');
}
