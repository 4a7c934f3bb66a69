/**
 * The policy grammar's shape (AWS "IAM JSON policy grammar"): which elements exist, which
 * JSON types they take, which may not appear together. Anything off-grammar is IAM's
 * "Syntax errors in policy."; the rules that depend on the policy kind, and the finer
 * messages, are in parse.ts.
 */
import { MESSAGES, PolicyError } from './errors.js';
import { PolicyVersion } from './model.js';
import { parseOperator } from './operators.js';

/** A statement as written, after its shape has been checked. */
export interface RawStatement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, Record<string, ConditionValue | ConditionValue[]>>;
}

type ConditionValue = string | number | boolean;

export interface RawPolicy {
  version: PolicyVersion;
  id?: string;
  statements: RawStatement[];
}

const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const EXCLUSIVE = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

const syntax = (ok: boolean): void => {
  if (!ok) throw new PolicyError(MESSAGES.syntax);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON.parse is linear in the input; the checks below visit each element once. */
export function readPolicy(json: string): RawPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new PolicyError(MESSAGES.syntax);
  }
  syntax(isObject(doc));
  const top = doc as Record<string, unknown>;
  syntax(Object.keys(top).every((k) => TOP.has(k)));
  const version = 'Version' in top ? top.Version : '2008-10-17';
  syntax(version === '2012-10-17' || version === '2008-10-17');
  syntax(top.Id === undefined || typeof top.Id === 'string');
  const statement = top.Statement;
  syntax(isObject(statement) || (Array.isArray(statement) && statement.length > 0));
  const statements = (Array.isArray(statement) ? statement : [statement]).map(checkStatement);
  return { version: version as PolicyVersion, ...(typeof top.Id === 'string' ? { id: top.Id } : {}), statements };
}

function checkStatement(value: unknown): RawStatement {
  syntax(isObject(value));
  const s = value as Record<string, unknown>;
  syntax(Object.keys(s).every((k) => STATEMENT.has(k)));
  for (const [a, b] of EXCLUSIVE) syntax(!(a in s && b in s));
  syntax(s.Sid === undefined || typeof s.Sid === 'string');
  syntax(typeof s.Effect === 'string' && ['allow', 'deny'].includes(s.Effect.toLowerCase()));
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) syntax(s[key] === undefined || isStringOrStrings(s[key]));
  for (const key of ['Principal', 'NotPrincipal']) syntax(s[key] === undefined || s[key] === '*' || isObject(s[key]));
  if (s.Condition !== undefined) checkCondition(s.Condition);
  return s as unknown as RawStatement;
}

function isStringOrStrings(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.every((e) => typeof e === 'string'));
}

function checkCondition(condition: unknown): void {
  syntax(isObject(condition));
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    syntax(parseOperator(operator) !== undefined && isObject(block));
    for (const values of Object.values(block as Record<string, unknown>)) {
      syntax(isConditionValue(values) || (Array.isArray(values) && values.every(isConditionValue)));
    }
  }
}

function isConditionValue(v: unknown): v is ConditionValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
