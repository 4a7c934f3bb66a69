/**
 * Inputs built from model shapes. With the minimal chooser: only required members, each at
 * its smallest valid value, so the parse-and-validate step passes and whatever refuses the
 * call afterwards (authorization, the handler) is what a test observes. With a random
 * chooser: optional members too, random enum values, lengths and counts, and identifiers
 * the chooser remembers from earlier replies. Strings are checked with the pattern engine
 * Berth validates with, so "valid" means what Berth's parse step accepts.
 */
import type { MemberRef, ServiceModel, Shape } from '../../src/protocol/model.js';
import { compilePattern } from '../../src/protocol/shape-reader.js';
import { Chooser, samplePattern } from './pattern-sample.js';

export interface ValueChooser extends Chooser {
  chance(p: number): boolean;
  /** Values worth trying for a member of this name (remembered or well known), first fitting one wins. */
  known?(member: string): string[];
  /** Random bytes or characters; the minimal chooser never calls it with minimal shapes. */
  text?(length: number): string;
}

/** Always the first, the smallest, the absent. */
export const MINIMAL: ValueChooser = { int: (lo) => lo, chance: () => false };

// How far unbounded quantifiers are stretched until a sample has a length the shape allows.
const SPREADS = [...Array.from({ length: 21 }, (_, i) => i), 24, 32, 48, 64, 96, 128, 192, 256];
const MAX_DEPTH = 20;

export interface GenContext {
  chooser: ValueChooser;
  now: Date;
  /** Past this depth only required members are generated. */
  optionalDepth: number;
  /** How likely an optional member is present (random choosers). */
  optionalChance: number;
  /** Optional members always generated: what the service needs though the model does not require it. */
  include?(member: string, ref: MemberRef): boolean;
}

export function minimalContext(now = new Date()): GenContext {
  return { chooser: MINIMAL, now, optionalDepth: 0, optionalChance: 0 };
}

/** The input document of an operation (an empty structure when it has no input). */
export function inputFor(model: ServiceModel, operation: string, ctx: GenContext): Record<string, unknown> {
  const shape = model.operations[operation]?.input;
  return shape ? (valueFor(model, shape, ctx, 0, '') as Record<string, unknown>) ?? {} : {};
}

function valueFor(model: ServiceModel, shapeName: string, ctx: GenContext, depth: number, member: string): unknown {
  const shape = model.shapes[shapeName];
  if (depth > MAX_DEPTH) return undefined;
  switch (shape.type) {
    case 'structure': return structureFor(model, shapeName, ctx, depth);
    case 'list': {
      const n = countFor(shape, ctx.chooser, 3);
      return Array.from({ length: n }, () => valueFor(model, shape.member!.shape, ctx, depth + 1, member));
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let k = countFor(shape, ctx.chooser, 2); k > 0; k--) {
        out[stringFor(model.shapes[shape.key!.shape], ctx.chooser, '')] = valueFor(model, shape.value!.shape, ctx, depth + 1, '');
      }
      return out;
    }
    case 'string': return stringFor(shape, ctx.chooser, member);
    case 'integer': case 'long': return numberFor(shape, ctx.chooser);
    case 'float': case 'double': return numberFor(shape, ctx.chooser);
    case 'boolean': return ctx.chooser.chance(0.5);
    case 'timestamp': return Math.floor(ctx.now.getTime() / 1000) + ctx.chooser.int(0, 86_400);
    // A remembered blob (a KMS ciphertext) is base64 already, as JSON replies carry blobs.
    case 'blob': return ctx.chooser.known?.(member)[0] ?? Buffer.from(ctx.chooser.text?.(ctx.chooser.int(1, 32)) ?? 'berth').toString('base64');
    default: return undefined;
  }
}

function structureFor(model: ServiceModel, shapeName: string, ctx: GenContext, depth: number): Record<string, unknown> {
  const shape = model.shapes[shapeName];
  if (shape.document) return {};
  const names = Object.keys(shape.members ?? {});
  const required = new Set(shape.required ?? []);
  const chosen = shape.union
    ? [unionMember(model, shapeName, ctx, depth)]
    : names.filter((n) => required.has(n) || ctx.include?.(n, shape.members![n]) || (depth < ctx.optionalDepth && ctx.chooser.chance(ctx.optionalChance)));
  // An empty structure cannot be sent over awsQuery (it has no parameters): one member makes it present.
  if (depth > 0 && chosen.length === 0 && names.length > 0) chosen.push(names[0]);
  const out: Record<string, unknown> = {};
  for (const name of chosen) {
    const v = valueFor(model, shape.members![name].shape, ctx, depth + 1, name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** A union takes exactly one member; deep down not one that holds the union again, so recursive unions (a filter's And of And…) end. */
function unionMember(model: ServiceModel, shapeName: string, ctx: GenContext, depth: number): string {
  const members = model.shapes[shapeName].members ?? {};
  const names = Object.keys(members);
  const recursive = (n: string) => members[n].shape === shapeName || model.shapes[members[n].shape].member?.shape === shapeName;
  const ending = names.filter((n) => !recursive(n));
  const options = depth >= ctx.optionalDepth && ending.length ? ending : names;
  return options[ctx.chooser.int(0, options.length - 1)];
}

function countFor(shape: Shape, chooser: Chooser, extra: number): number {
  const min = shape.min ?? 0;
  return chooser.int(min, Math.min(shape.max ?? Infinity, min + extra));
}

function numberFor(shape: Shape, chooser: Chooser): number {
  const lo = shape.min ?? 0;
  const hi = Math.min(shape.max ?? lo + 100, lo + 100);
  // Minimal: 1 where allowed, since 0 often means "none" and skips the interesting path.
  return chooser.int(Math.min(Math.max(lo, 1), hi), hi);
}

/** Whether Berth's parse step accepts `s` for this string shape. */
function fitsString(shape: Shape, s: string): boolean {
  if (shape.enum) return shape.enum.includes(s);
  if ((shape.min !== undefined && s.length < shape.min) || (shape.max !== undefined && s.length > shape.max)) return false;
  return !shape.pattern || (compilePattern(shape.pattern)?.test(s) ?? true);
}

function stringFor(shape: Shape, chooser: ValueChooser, member: string): string {
  for (const candidate of chooser.known?.(member) ?? []) if (fitsString(shape, candidate)) return candidate;
  if (shape.enum) return shape.enum[chooser.int(0, shape.enum.length - 1)];
  if (shape.pattern) {
    for (const spread of SPREADS) {
      const s = samplePattern(shape.pattern, chooser, spread, Math.min(shape.max ?? 4096, 4096));
      if (s !== undefined && fitsString(shape, s)) return s;
    }
  }
  return plainString(shape, chooser);
}

function plainString(shape: Shape, chooser: ValueChooser): string {
  const min = Math.max(shape.min ?? 0, 1);
  const max = shape.max ?? Infinity;
  const length = chooser.int(min, Math.min(max, min + 12));
  const base = chooser.text?.(length) ?? 'berth';
  return base.length >= length ? base.slice(0, length) : base + 'x'.repeat(length - base.length);
}
