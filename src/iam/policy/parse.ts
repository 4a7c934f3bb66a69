/**
 * parsePolicy: a JSON policy document → a compiled Policy, or the PolicyError IAM would
 * answer. Checks run in IAM's order (syntax, legacy parsing, principals for the kind, Sid
 * rules, actions, resources, resource and action formats), so the first problem reported
 * is the one IAM reports. Size limits are the caller's; every step here is linear.
 */
import { compileArnPattern } from './arn-pattern.js';
import { Condition } from './conditions.js';
import { MESSAGES, PolicyError } from './errors.js';
import { RawStatement, readPolicy } from './grammar.js';
import { Policy, PolicyKind, Statement } from './model.js';
import { compileValues, parseOperator } from './operators.js';
import { compileTemplate } from './pattern.js';
import { compilePrincipals } from './principals.js';

/** Kinds IAM itself stores, where Sids must be alphanumeric. */
const IAM_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'trust', 'boundary', 'session']);

export interface ParseOptions {
  /** A name for decision reasons (the policy's name or ARN). */
  name?: string;
}

export function parsePolicy(json: string, kind: PolicyKind, options: ParseOptions = {}): Policy {
  const raw = readPolicy(json);
  const variables = raw.version === '2012-10-17';
  const conditions = raw.statements.map((s) => compileConditions(s, variables));
  const principals = raw.statements.map((s) => principalsOf(s, kind));
  checkSids(raw.statements, kind);
  const listed = (s: RawStatement, a: 'Action' | 'Resource') => {
    const v = s[a] ?? s[`Not${a}`];
    return v !== undefined && (typeof v === 'string' || v.length > 0);
  };
  if (!raw.statements.every((s) => listed(s, 'Action'))) fail(MESSAGES.actionsMissing);
  if (kind !== 'resource' && kind !== 'trust' && !raw.statements.every((s) => listed(s, 'Resource'))) fail(MESSAGES.resourcesMissing);
  for (const s of raw.statements) for (const r of list(s.Resource ?? s.NotResource)) checkResourceFormat(r);
  for (const s of raw.statements) for (const a of list(s.Action ?? s.NotAction)) checkActionFormat(a);
  const statements = raw.statements.map((s, index) => compileStatement(s, index, variables, conditions[index], principals[index]));
  const contextKeys = keysRead(json, variables, conditions.flat());
  return { kind, version: raw.version, ...(raw.id !== undefined ? { id: raw.id } : {}), ...(options.name !== undefined ? { name: options.name } : {}), statements, contextKeys };
}

/** Condition keys, and the keys of `${…}` variables anywhere in the document (a superset is harmless). */
function keysRead(json: string, variables: boolean, conditions: Condition[]): string[] {
  const keys = new Set(conditions.map((c) => c.key));
  if (variables) for (const m of json.matchAll(/\$\{\s*([^},'\s]+)/g)) keys.add(m[1].toLowerCase());
  return [...keys].sort();
}

function fail(message: string): never {
  throw new PolicyError(message);
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** IAM's legacy parser reads Effect case-sensitively and refuses dates it cannot read. */
function compileConditions(s: RawStatement, variables: boolean): Condition[] {
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') fail(MESSAGES.legacy);
  const out: Condition[] = [];
  for (const [name, block] of Object.entries(s.Condition ?? {})) {
    const operator = parseOperator(name)!;
    for (const [keyName, rawValues] of Object.entries(block)) {
      if (!keyName.includes(':')) fail(MESSAGES.vendorMissing);
      const values = (Array.isArray(rawValues) ? rawValues : [rawValues]).map(String);
      const test = compileValues(operator, values, { variables, invalid: () => fail(MESSAGES.legacy) });
      const condition: Condition = { operator, keyName, key: keyName.toLowerCase(), test };
      if (operator.family === 'Null') condition.wantsAbsent = nullValues(values);
      out.push(condition);
    }
  }
  return out;
}

/** Null takes "true" (the key must be absent) or "false" (present); anything else never matches. */
function nullValues(values: string[]): boolean[] {
  return values.map((v) => v.toLowerCase()).flatMap((v) => (v === 'true' ? [true] : v === 'false' ? [false] : []));
}

/** The kind's rules for Principal (and, for trust policies, Resource), then the principals. */
function principalsOf(s: RawStatement, kind: PolicyKind): Statement['principals'] {
  const named = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if (kind === 'identity' || kind === 'boundary' || kind === 'session') {
    if (named) fail(MESSAGES.principalNotAllowed);
    return undefined;
  }
  if (kind === 'trust') {
    if (s.Resource !== undefined) fail(MESSAGES.prohibited('Resource'));
    if (s.NotResource !== undefined) fail(MESSAGES.prohibited('NotResource'));
    if (s.NotPrincipal !== undefined) fail(MESSAGES.prohibited('NotPrincipal'));
    if (!named) fail(MESSAGES.trustWithoutPrincipal);
  } else if (!named) {
    fail(MESSAGES.principalMissing);
  }
  return { not: s.Principal === undefined, set: compilePrincipals(s.Principal ?? s.NotPrincipal) };
}

function checkSids(statements: RawStatement[], kind: PolicyKind): void {
  const seen = new Set<string>();
  for (const { Sid: sid } of statements) {
    if (sid === undefined || sid === '') continue;
    if (seen.has(sid)) fail(MESSAGES.sidNotUnique);
    seen.add(sid);
  }
  if (!IAM_KINDS.has(kind)) return;
  for (const { Sid: sid } of statements) if (sid !== undefined && !isAlphanumeric(sid)) fail(MESSAGES.sidNotAlphanumeric);
}

function isAlphanumeric(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

function checkResourceFormat(resource: string): void {
  if (resource === '*') return;
  if (!resource.includes(':')) fail(MESSAGES.resourceNotArn(resource));
  const service = resource.split(':', 3)[2] ?? '';
  if (service.includes('*') || service.includes('?')) fail(MESSAGES.resourceVendorWildcard);
}

function checkActionFormat(action: string): void {
  if (action === '*') return;
  const parts = action.split(':');
  if (parts.length === 1) fail(MESSAGES.vendorMissing);
  if (parts.length > 2) fail(MESSAGES.actionColons);
  if (!isVendor(parts[0])) fail(MESSAGES.vendorInvalid(parts[0]));
}

/** Service prefixes: letters, digits, `-` and `.`; a wildcard there is not a vendor. */
function isVendor(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
    if (!ok) return false;
  }
  return true;
}

function compileStatement(s: RawStatement, index: number, variables: boolean, conditions: Condition[], principals: Statement['principals']): Statement {
  const statement: Statement = {
    index,
    effect: s.Effect as Statement['effect'],
    actions: {
      not: s.Action === undefined,
      patterns: list(s.Action ?? s.NotAction).map((a) => compileTemplate(a, { wildcards: true, variables: false, lowerCase: true })),
    },
    conditions,
  };
  if (s.Sid !== undefined) statement.sid = s.Sid;
  if (s.Resource !== undefined || s.NotResource !== undefined) {
    statement.resources = { not: s.Resource === undefined, patterns: list(s.Resource ?? s.NotResource).map((r) => compileArnPattern(r, variables)) };
  }
  if (principals) statement.principals = principals;
  return statement;
}
