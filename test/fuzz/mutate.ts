/**
 * Mutations of a valid input document, chosen by the shape at a random place in it: wrong
 * types, null, a required member dropped, extra members, enum violations, lengths and
 * counts at and past their bounds, numbers and timestamps at the edges, unicode and control
 * characters, injection strings, deep nesting. Each mutation is described in a note, so a
 * failure report says what was done where.
 */
import type { ServiceModel, Shape } from '../../src/protocol/model.js';
import { BLOB_EDGES, EXTRA_MEMBER_NAMES, INJECTION_STRINGS, NUMBER_EDGES, TIMESTAMP_EDGES, UNICODE_STRINGS, WRONG_TYPES } from './hostile-values.js';
import { Random } from './random.js';

type Container = Record<string, unknown> | unknown[];

interface Site {
  path: string;
  shape?: Shape;
  /** Where the value sits; absent for the document itself. */
  parent?: Container;
  key?: string | number;
  value: unknown;
}

/** Stands for a nested array too deep for JSON.stringify; wire-mutations.ts swaps it for the text. */
export const DEEP_MARK = '\u0001berth-fuzz-deep:';

// The longest string a mutation writes: far past every model max that matters, far under the 10 MiB body cap.
const LONGEST = 300_000;

function collectSites(model: ServiceModel, shapeName: string | undefined, value: unknown, path: string, out: Site[], parent?: Container, key?: string | number): void {
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  out.push({ path, shape, parent, key, value });
  if (!shape || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectSites(model, shape.member?.shape, v, `${path}[${i}]`, out, value, i));
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    const ref = shape.type === 'map' ? shape.value : shape.members?.[k];
    collectSites(model, ref?.shape, v, path ? `${path}.${k}` : k, out, obj, k);
  }
}

/** Sets a member or element; defineProperty, since assigning "__proto__" would set the prototype instead. */
function put(parent: Container, key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
}

type Mutation = (site: Site, rnd: Random) => { value: unknown; note: string } | undefined;

const cut = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…(${s.length})` : s);

const stringOfLength = (rnd: Random, n: number) => (n <= 64 ? rnd.text(n) : rnd.text(64).repeat(Math.ceil(n / 64)).slice(0, n));

const MUTATIONS: Record<string, Mutation> = {
  wrongType: (_site, rnd) => {
    const value = rnd.pick(WRONG_TYPES);
    return { value: structuredClone(value), note: `wrong type ${JSON.stringify(value)}` };
  },
  nullValue: () => ({ value: null, note: 'null' }),
  enumViolation: (site, rnd) => {
    if (!site.shape?.enum) return undefined;
    const first = site.shape.enum[0];
    const value = rnd.pick([`${first}X`, first.toLowerCase() === first ? first.toUpperCase() : first.toLowerCase(), ` ${first}`, 'NOT_AN_ENUM_VALUE', '']);
    return { value, note: `enum violation ${JSON.stringify(value)}` };
  },
  stringLength: (site, rnd) => {
    if (site.shape?.type !== 'string') return undefined;
    const { min = 0, max } = site.shape;
    const lengths = [Math.max(0, min - 1), min, max ?? 1024, (max ?? 1024) + 1, 65_536].map((n) => Math.min(n, LONGEST));
    const n = rnd.pick(lengths);
    return { value: stringOfLength(rnd, n), note: `string of length ${n}` };
  },
  unicode: (site, rnd) => {
    if (site.shape?.type !== 'string') return undefined;
    const value = rnd.chance(0.5) ? rnd.pick(UNICODE_STRINGS) : `${typeof site.value === 'string' ? site.value : 'x'}${rnd.pick(UNICODE_STRINGS)}`;
    return { value, note: `unicode ${JSON.stringify(cut(value))}` };
  },
  injection: (site, rnd) => {
    if (site.shape?.type !== 'string') return undefined;
    const value = rnd.pick(INJECTION_STRINGS);
    return { value, note: `injection ${JSON.stringify(cut(value))}` };
  },
  numberEdge: (site, rnd) => {
    if (!site.shape || !['integer', 'long', 'float', 'double'].includes(site.shape.type)) return undefined;
    const { min, max } = site.shape;
    const value = rnd.pick([...NUMBER_EDGES, ...(min !== undefined ? [min - 1, min] : []), ...(max !== undefined ? [max, max + 1] : [])]);
    return { value, note: `number ${value}` };
  },
  timestampEdge: (site, rnd) => {
    if (site.shape?.type !== 'timestamp') return undefined;
    const value = rnd.pick(TIMESTAMP_EDGES);
    return { value, note: `timestamp ${JSON.stringify(value)}` };
  },
  blobEdge: (site, rnd) => {
    if (site.shape?.type !== 'blob') return undefined;
    const value = rnd.pick(BLOB_EDGES);
    return { value, note: `blob ${JSON.stringify(cut(value))}` };
  },
  listLength: (site, rnd) => {
    if (site.shape?.type !== 'list' || !Array.isArray(site.value)) return undefined;
    const item = site.value[0] ?? 'x';
    // A few MB at most: fuzz-loop.ts drops mutations past the body cap, and building hundreds of MB first would be slow.
    const n = Math.min(rnd.pick([0, (site.shape.max ?? 100) + 1, 5_000]), Math.floor(2_000_000 / (JSON.stringify(item)?.length ?? 4)));
    return { value: Array.from({ length: n }, () => structuredClone(item)), note: `list of ${n}` };
  },
  deepNesting: (_site, rnd) => {
    const depth = rnd.pick([64, 1_000, 10_000, 45_000]);
    return { value: `${DEEP_MARK}${depth}`, note: `nested ${depth} deep` };
  },
};

function dropRequired(obj: Record<string, unknown>, shape: Shape | undefined, rnd: Random): string | undefined {
  const present = (shape?.required ?? []).filter((m) => m in obj);
  if (!present.length) return undefined;
  const name = rnd.pick(present);
  delete obj[name];
  return `required ${name} dropped`;
}

function extraMember(obj: Record<string, unknown>, rnd: Random): string {
  const name = rnd.pick(EXTRA_MEMBER_NAMES);
  const value = rnd.pick(WRONG_TYPES);
  put(obj, name, structuredClone(value));
  return `extra member ${JSON.stringify(name)}: ${JSON.stringify(value)}`;
}

/** Applies `times` mutations in place and returns their notes. */
export function mutate(model: ServiceModel, inputShape: string | undefined, doc: Record<string, unknown>, rnd: Random, times: number): string[] {
  const notes: string[] = [];
  for (let t = 0; t < times; t++) {
    const sites: Site[] = [];
    collectSites(model, inputShape, doc, '', sites);
    const site = rnd.pick(sites);
    notes.push(`${site.path || '(input)'}: ${mutateSite(site, rnd)}`);
  }
  return notes;
}

function mutateSite(site: Site, rnd: Random): string {
  const isStructure = site.value !== null && typeof site.value === 'object' && !Array.isArray(site.value);
  if (isStructure && (site.parent === undefined || rnd.chance(0.4))) {
    const obj = site.value as Record<string, unknown>;
    return (rnd.chance(0.5) ? dropRequired(obj, site.shape, rnd) : undefined) ?? extraMember(obj, rnd);
  }
  // Only the document itself has no parent, and it is a structure.
  const parent = site.parent!;
  const names = Object.keys(MUTATIONS);
  // A few random picks: most mutations fit one kind of shape; a site none of them fit gets a wrong type.
  for (let attempt = 0; attempt < 4; attempt++) {
    const result = MUTATIONS[rnd.pick(names)](site, rnd);
    if (result) {
      put(parent, site.key!, result.value);
      return result.note;
    }
  }
  const fallback = MUTATIONS.wrongType(site, rnd)!;
  put(parent, site.key!, fallback.value);
  return fallback.note;
}
