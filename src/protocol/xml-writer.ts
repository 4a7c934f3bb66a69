/**
 * Writes XML for the awsQuery protocol by walking a model shape, as botocore's
 * query parser reads it back: lists as <member>, maps as <entry><key/><value/></entry>,
 * timestamps ISO 8601, booleans as true/false, blobs base64. Undefined members are omitted.
 */
import { ServiceModel } from './model.js';
import { checkMembers, STRICT_OUTPUT } from './shape-writer.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

// Characters XML 1.0 cannot carry at all, not even as references: a caller's value echoed in
// an error message must not make the whole response unreadable, so they become U+FFFD.
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]).replace(NOT_XML, '\ufffd');
}

export function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

/** The XML content (without the enclosing element) of `value` read as `shapeName`. */
export function shapeToXml(model: ServiceModel, shapeName: string, value: unknown, strict = STRICT_OUTPUT): string | undefined {
  if (value === undefined || value === null) return undefined;
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return undefined;
      const input = value as Record<string, unknown>;
      if (strict) checkMembers(shapeName, shape.members ?? {}, input);
      let out = '';
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const inner = shapeToXml(model, ref.shape, input[name], strict);
        if (inner !== undefined) out += element(ref.locationName ?? name, inner);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const tag = shape.member!.locationName ?? 'member';
      return value.map((item) => element(tag, shapeToXml(model, shape.member!.shape, item, strict) ?? '')).join('');
    }
    case 'map': {
      const keyTag = shape.key?.locationName ?? 'key';
      const valueTag = shape.value?.locationName ?? 'value';
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => element('entry', element(keyTag, escapeXml(k)) + element(valueTag, shapeToXml(model, shape.value!.shape, v, strict) ?? '')))
        .join('');
    }
    case 'timestamp': {
      const d = value instanceof Date ? value : new Date(value as string | number);
      return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
    }
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value));
    default:
      return escapeXml(String(value));
  }
}
