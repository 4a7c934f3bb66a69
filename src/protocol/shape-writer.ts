/**
 * Writes a response document by walking the output shape, so only members the
 * model defines reach the wire (internal fields on stored documents never leak)
 * and timestamps/blobs get their JSON form.
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

export function writeShape(model: ServiceModel, shapeName: string, value: unknown, strict = STRICT_OUTPUT): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      if (shape.document || typeof value !== 'object') return value;
      const input = value as Record<string, unknown>;
      if (strict) checkMembers(shapeName, shape.members ?? {}, input);
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = writeShape(model, ref.shape, input[name], strict);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((item) => writeShape(model, shape.member!.shape, item, strict)) : undefined;
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = writeShape(model, shape.value!.shape, v, strict);
      return out;
    }
    case 'timestamp':
      return epochSeconds(value);
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : value;
    default:
      return value;
  }
}

export function checkMembers(shapeName: string, members: Record<string, unknown>, value: Record<string, unknown>): void {
  const unknown = Object.keys(value).filter((k) => value[k] !== undefined && k !== INTERNAL && !Object.hasOwn(members, k));
  if (unknown.length > 0) throw new UnknownOutputMemberError(shapeName, unknown);
}

function epochSeconds(value: unknown): number | undefined {
  const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) return undefined;
  return d.getTime() / 1000;
}
