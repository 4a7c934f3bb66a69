/**
 * Evaluating a parsed cluster query against one container instance. Everything the query
 * can read is in QueryInstance, so evaluation is pure and costs O(query) per instance
 * (plus the linear regex matches).
 */
import { ClusterQuery, Operator, parseVersion, Subject, Value } from './cluster-query.js';

export interface QueryInstance {
  ec2InstanceId: string;
  agentConnected: boolean;
  agentVersion: string;
  /** Epoch milliseconds. */
  registeredAt: number;
  runningTasksCount: number;
  /** The instance's attributes; a name registered without a value maps to undefined. */
  attributes: ReadonlyMap<string, string | undefined>;
  /** How many tasks of each task group the instance runs (counting those placed in this call). */
  taskGroups: ReadonlyMap<string, number>;
}

export function evaluateQuery(query: ClusterQuery, inst: QueryInstance): boolean {
  switch (query.kind) {
    case 'and': return query.operands.every((q) => evaluateQuery(q, inst));
    case 'or': return query.operands.some((q) => evaluateQuery(q, inst));
    case 'not': return !evaluateQuery(query.operand, inst);
    case 'compare': return compare(query, inst);
  }
}

/** Whether the query reads what placing a task changes (task groups, running counts): it must be re-evaluated per task. */
export function isDynamic(query: ClusterQuery): boolean {
  switch (query.kind) {
    case 'and': case 'or': return query.operands.some(isDynamic);
    case 'not': return isDynamic(query.operand);
    case 'compare': return query.subject.kind === 'taskGroup' || (query.subject.kind === 'field' && query.subject.name === 'runningTasksCount');
  }
}

type Comparison = Extract<ClusterQuery, { kind: 'compare' }>;

function compare(q: Comparison, inst: QueryInstance): boolean {
  if (q.subject.kind === 'taskGroup') return compareGroups(q, inst.taskGroups);
  if (q.subject.kind === 'attribute') {
    const present = inst.attributes.has(q.subject.name);
    if (q.op === 'exists' || q.op === '!exists') return present === (q.op === 'exists');
    const value = inst.attributes.get(q.subject.name);
    // A missing (or valueless) attribute satisfies no comparison, negative ones included:
    // `attribute:stack != prod` selects the instances that have a stack other than prod.
    return value !== undefined && compareText(q, value, orderText);
  }
  return compareField(q, q.subject, inst);
}

function compareField(q: Comparison, subject: Extract<Subject, { kind: 'field' }>, inst: QueryInstance): boolean {
  switch (subject.name) {
    case 'agentConnected': return compareText(q, String(inst.agentConnected), orderText);
    case 'ec2InstanceId': return compareText(q, inst.ec2InstanceId, orderText);
    case 'registeredAt': return compareOrdered(q.op, q.values, (v) => Math.sign(inst.registeredAt - v.number!));
    case 'runningTasksCount': return compareOrdered(q.op, q.values, (v) => Math.sign(inst.runningTasksCount - v.number!));
    case 'agentVersion': {
      const version = parseVersion(inst.agentVersion);
      return version !== undefined && compareOrdered(q.op, q.values, (v) => orderVersions(version, v.version!));
    }
  }
}

/** Text subjects: equality, lists, patterns, and ordering (numeric when both sides are numbers). */
function compareText(q: Comparison, text: string, order: (a: string, b: string) => number): boolean {
  switch (q.op) {
    case '=~': return q.regex!.matches(text);
    case '!~': return !q.regex!.matches(text);
    case 'in': return q.values.some((v) => v.text === text);
    case '!in': return !q.values.some((v) => v.text === text);
    default: return compareOrdered(q.op, q.values, (v) => order(text, v.text));
  }
}

function compareOrdered(op: Operator, values: Value[], order: (v: Value) => number): boolean {
  const sign = order(values[0]);
  switch (op) {
    case '==': return sign === 0;
    case '!=': return sign !== 0;
    case '>': return sign > 0;
    case '>=': return sign >= 0;
    case '<': return sign < 0;
    case '<=': return sign <= 0;
    default: return false;
  }
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** `==` is string equality as documented; ordering compares numbers as numbers (so 10 > 9), other text by code unit. */
function orderText(a: string, b: string): number {
  if (a === b) return 0;
  if (NUMBER.test(a) && NUMBER.test(b)) return Math.sign(Number(a) - Number(b)) || (a < b ? -1 : 1);
  return a < b ? -1 : 1;
}

function orderVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** task:group asks whether the instance runs a task of the group; the negative operators are the positive ones negated. */
function compareGroups(q: Comparison, groups: ReadonlyMap<string, number>): boolean {
  const has = (g: string) => (groups.get(g) ?? 0) > 0;
  const any = (test: (g: string) => boolean) => [...groups].some(([g, n]) => n > 0 && test(g));
  switch (q.op) {
    case '==': return has(q.values[0].text);
    case '!=': return !has(q.values[0].text);
    case 'in': return q.values.some((v) => has(v.text));
    case '!in': return !q.values.some((v) => has(v.text));
    case '=~': return any((g) => q.regex!.matches(g));
    case '!~': return !any((g) => q.regex!.matches(g));
    case 'exists': return any(() => true);
    case '!exists': return !any(() => true);
    default: return false;
  }
}
