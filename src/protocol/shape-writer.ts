/**
 * Writes a response document by walking the output shape, so only members the
 * model defines reach the wire (internal fields on stored documents never leak)
 * and timestamps/blobs get their JSON form.
 *
 * Each shape is compiled once per model into a writer that visits the members the value
 * has (not every member the model defines: a Task has ~50, a stored one a third of them),
 * and passes scalars through untouched. This is on every response's path.
 */
import { ServiceModel } from './model.js';

/**
 * Strict mode (BERTH_STRICT_OUTPUT=1, set by the test runner): a member the model does not
 * know fails loudly instead of vanishing, so a misspelt output field breaks a test. Stored
 * documents keep Berth's own state under `berth`, which is never a wire member.
 */
export const STRICT_OUTPUT = process.env.BERTH_STRICT_OUTPUT === '1';
const INTERNAL = 'berth';

export class UnknownOutputMemberError extends Error {
  constructor(shapeName: string, members: string[]) {
    super(`output shape ${shapeName} has no member ${members.join(', ')}`);
    this.name = 'UnknownOutputMemberError';
  }
}

type Writer = (value: unknown, strict: boolean) => unknown;
/** null: the value goes to the wire as it is (strings, numbers, booleans, documents). */
type MemberWriter = Writer | null;

const compiled = new WeakMap<ServiceModel, Map<string, Writer>>();

export function writeShape(model: ServiceModel, shapeName: string, value: unknown, strict = STRICT_OUTPUT): unknown {
  if (value === undefined || value === null) return undefined;
  return writerFor(model, shapeName)(value, strict);
}

function writerFor(model: ServiceModel, shapeName: string): Writer {
  let writers = compiled.get(model);
  if (!writers) compiled.set(model, (writers = new Map()));
  return writers.get(shapeName) ?? compile(model, shapeName, writers);
}

function memberWriter(model: ServiceModel, shapeName: string): MemberWriter {
  const shape = model.shapes[shapeName];
  const passThrough = !['structure', 'list', 'map', 'timestamp', 'blob'].includes(shape.type) || (shape.type === 'structure' && shape.document);
  return passThrough ? null : writerFor(model, shapeName);
}

function compile(model: ServiceModel, shapeName: string, writers: Map<string, Writer>): Writer {
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return remember(writers, shapeName, (value) => value);
      const members = new Map<string, MemberWriter>();
      // Registered before its members compile: recursive shapes refer back to it.
      const write = remember(writers, shapeName, (value, strict) => writeStructure(shapeName, members, value, strict));
      for (const [name, ref] of Object.entries(shape.members ?? {})) members.set(name, memberWriter(model, ref.shape));
      return write;
    }
    case 'list': {
      const write = remember(writers, shapeName, (value, strict) => (Array.isArray(value) ? writeItems(item, value, strict) : undefined));
      const item = memberWriter(model, shape.member!.shape);
      return write;
    }
    case 'map': {
      const write = remember(writers, shapeName, (value, strict) => writeEntries(entry, value as Record<string, unknown>, strict));
      const entry = memberWriter(model, shape.value!.shape);
      return write;
    }
    case 'timestamp':
      return remember(writers, shapeName, epochSeconds);
    case 'blob':
      return remember(writers, shapeName, (value) => (Buffer.isBuffer(value) ? value.toString('base64') : value));
    default:
      return remember(writers, shapeName, (value) => value);
  }
}

function remember(writers: Map<string, Writer>, shapeName: string, write: Writer): Writer {
  writers.set(shapeName, write);
  return write;
}

function writeStructure(shapeName: string, members: Map<string, MemberWriter>, value: unknown, strict: boolean): unknown {
  if (typeof value !== 'object') return value;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name in input) {
    const v = input[name];
    if (v === undefined) continue;
    const write = members.get(name);
    if (write === undefined) {
      if (strict && name !== INTERNAL) throw new UnknownOutputMemberError(shapeName, unknownMembers(members, input));
      continue;
    }
    if (v === null) continue;
    const written = write === null ? v : write(v, strict);
    if (written !== undefined) out[name] = written;
  }
  return out;
}

/** For writers that walk the model's members (XML): fails on a member the model lacks. */
export function checkMembers(shapeName: string, members: Record<string, unknown>, value: Record<string, unknown>): void {
  const unknown = Object.keys(value).filter((k) => value[k] !== undefined && k !== INTERNAL && !Object.hasOwn(members, k));
  if (unknown.length > 0) throw new UnknownOutputMemberError(shapeName, unknown);
}

function unknownMembers(members: Map<string, unknown>, value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((k) => value[k] !== undefined && k !== INTERNAL && !members.has(k));
}

function writeItems(item: MemberWriter, items: unknown[], strict: boolean): unknown[] {
  return items.map((v) => (v === undefined || v === null ? undefined : item === null ? v : item(v, strict)));
}

function writeEntries(entry: MemberWriter, value: Record<string, unknown>, strict: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = v === undefined || v === null ? undefined : entry === null ? v : entry(v, strict);
  return out;
}

function epochSeconds(value: unknown): number | undefined {
  const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) return undefined;
  return d.getTime() / 1000;
}
