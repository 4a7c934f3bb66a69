/**
 * Writes a response document by walking the output shape, so only members the
 * model defines reach the wire (internal fields on stored documents never leak)
 * and timestamps/blobs get their JSON form.
 */
import { ServiceModel } from './model.js';

export function writeShape(model: ServiceModel, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      if (shape.document || typeof value !== 'object') return value;
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = writeShape(model, ref.shape, input[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((item) => writeShape(model, shape.member!.shape, item)) : undefined;
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = writeShape(model, shape.value!.shape, v);
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

function epochSeconds(value: unknown): number | undefined {
  const d = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) return undefined;
  return d.getTime() / 1000;
}
