// The JSON-schema layer of lifecycle policy validation. AWS validates the document with the
// fge json-schema-validator (its "instance failed to match exactly one schema (matched 0 out of 2)"
// is observed verbatim), so the details below use that library's message templates.
import type { CountType, LifecyclePolicy, LifecycleRule, LifecycleSelection, TagStatus } from './policy.js';

const PREFIX = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ";
/** ECR's quota of rules per lifecycle policy. */
const MAX_RULES = 50;

export function failure(detail: string): { ok: false; message: string } {
  return { ok: false, message: `${PREFIX}${detail}'` };
}

type Json = Record<string, unknown>;

const list = (names: string[]) => `[${names.map((n) => JSON.stringify(n)).join(',')}]`;

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Walks the document; the first problem found is kept in `error`. */
export class SchemaCheck {
  error: string | undefined;

  policy(doc: Json): LifecyclePolicy | undefined {
    if (!this.object(doc, ['rules'], ['rules'])) return undefined;
    const rules = doc.rules;
    if (!this.type(rules, 'array')) return undefined;
    const arr = rules as unknown[];
    if (arr.length < 1) return this.fail('array is too short: must have at least 1 elements but instance has 0 elements');
    if (arr.length > MAX_RULES) return this.fail(`array is too long: must have at most ${MAX_RULES} elements but instance has ${arr.length} elements`);
    const out: LifecycleRule[] = [];
    for (const r of arr) {
      const rule = this.rule(r);
      if (!rule) return undefined;
      out.push(rule);
    }
    return { rules: out };
  }

  private rule(r: unknown): LifecycleRule | undefined {
    if (!this.type(r, 'object')) return undefined;
    const rule = r as Json;
    if (!this.object(rule, ['action', 'rulePriority', 'selection'], ['rulePriority', 'description', 'selection', 'action'])) return undefined;
    if (!this.integer(rule.rulePriority, 1)) return undefined;
    if (rule.description !== undefined && !this.type(rule.description, 'string')) return undefined;
    const selection = this.selection(rule.selection);
    if (!selection || !this.action(rule.action)) return undefined;
    const out: LifecycleRule = { rulePriority: rule.rulePriority as number, selection, action: { type: 'expire' } };
    if (rule.description !== undefined) out.description = rule.description as string;
    return out;
  }

  private action(a: unknown): boolean {
    if (!this.type(a, 'object')) return false;
    const action = a as Json;
    return this.object(action, ['type'], ['type']) && this.enumOf(action.type, ['expire']);
  }

  private selection(s: unknown): LifecycleSelection | undefined {
    if (!this.type(s, 'object')) return undefined;
    const sel = s as Json;
    const known = ['tagStatus', 'tagPrefixList', 'tagPatternList', 'countType', 'countUnit', 'countNumber'];
    if (!this.object(sel, ['countNumber', 'countType', 'tagStatus'], known)) return undefined;
    if (!this.enumOf(sel.tagStatus, ['tagged', 'untagged', 'any'])) return undefined;
    if (!this.stringList(sel.tagPrefixList) || !this.stringList(sel.tagPatternList)) return undefined;
    // The schema's selection is a oneOf of two shapes: count without unit, or age with unit "days";
    // a wrong or null countUnit therefore fails both shapes (observed: countUnit null).
    const countShape = sel.countType === 'imageCountMoreThan' && sel.countUnit === undefined;
    const ageShape = sel.countType === 'sinceImagePushed' && sel.countUnit === 'days';
    if (!countShape && !ageShape) return this.fail('instance failed to match exactly one schema (matched 0 out of 2)');
    if (!this.integer(sel.countNumber, 1)) return undefined;
    const out: LifecycleSelection = {
      tagStatus: sel.tagStatus as TagStatus,
      countType: sel.countType as CountType,
      countNumber: sel.countNumber as number,
    };
    if (sel.tagPrefixList !== undefined) out.tagPrefixList = sel.tagPrefixList as string[];
    if (sel.tagPatternList !== undefined) out.tagPatternList = sel.tagPatternList as string[];
    if (ageShape) out.countUnit = 'days';
    return out;
  }

  private object(o: Json, required: string[], allowed: string[]): boolean {
    const missing = required.filter((k) => o[k] === undefined);
    if (missing.length) return this.reject(`object has missing required properties (${list(missing)})`);
    const extra = Object.keys(o).filter((k) => !allowed.includes(k)).sort();
    if (extra.length) return this.reject(`object instance has properties which are not allowed by the schema: ${list(extra)}`);
    return true;
  }

  private type(v: unknown, want: 'array' | 'object' | 'string'): boolean {
    if (jsonType(v) === want) return true;
    return this.reject(`instance type (${jsonType(v)}) does not match any allowed primitive type (allowed: ["${want}"])`);
  }

  private integer(v: unknown, minimum: number): boolean {
    if (jsonType(v) !== 'integer') {
      return this.reject(`instance type (${jsonType(v)}) does not match any allowed primitive type (allowed: ["integer"])`);
    }
    if ((v as number) < minimum) return this.reject(`numeric instance is lower than the required minimum (minimum: ${minimum}, found: ${v})`);
    return true;
  }

  private enumOf(v: unknown, values: string[]): boolean {
    if (typeof v === 'string' && values.includes(v)) return true;
    return this.reject(`instance value (${JSON.stringify(v)}) not found in enum (possible values: ${list(values)})`);
  }

  private stringList(v: unknown): boolean {
    if (v === undefined) return true;
    if (!this.type(v, 'array')) return false;
    return (v as unknown[]).every((item) => this.type(item, 'string'));
  }

  private fail(message: string): undefined {
    this.error ??= message;
    return undefined;
  }

  private reject(message: string): false {
    this.fail(message);
    return false;
  }
}
