/**
 * awsQuery: form-encoded POST bodies (or GET query strings) with Action and Version;
 * lists as X.member.N, maps as X.entry.N.key/value, nested structures as A.B. The
 * flat parameters are first turned into a JSON-like document so that readShape
 * validates them with the same rules and wording as the JSON protocols. Responses and
 * errors are XML in the service's namespace.
 */
import { ServiceModel } from './model.js';
import { clientError, ServiceError, validationMessage } from './errors.js';
import { Protocol, WireRequest, WireResponse } from './protocol.js';
import { readShape, SerializationError } from './shape-reader.js';
import { element, escapeXml, shapeToXml } from './xml-writer.js';

const FORM = /^application\/x-www-form-urlencoded/i;

type Params = Map<string, string>;

export class QueryProtocol implements Protocol {
  readonly family = 'query' as const;

  constructor(
    /** The code AWS uses for model validation failures (ELBv2, IAM, STS: ValidationError). */
    private readonly validationErrorCode = 'ValidationError',
  ) {}

  accepts(req: WireRequest): boolean {
    return FORM.test(req.headers['content-type'] ?? '') || /(^|&)Action=/.test(req.query);
  }

  operationName(req: WireRequest): string | undefined {
    return params(req).get('Action') || undefined;
  }

  parseInput(req: WireRequest, model: ServiceModel, operation: string): unknown {
    const inputShape = model.operations[operation].input;
    if (!inputShape) return {};
    const doc = collect(model, inputShape, '', params(req)) ?? {};
    try {
      const { value, problems } = readShape(model, inputShape, doc);
      if (problems.length > 0) throw clientError(this.validationErrorCode, validationMessage(problems));
      return value ?? {};
    } catch (e) {
      if (e instanceof SerializationError) throw clientError(this.validationErrorCode, e.message);
      throw e;
    }
  }

  writeOutput(model: ServiceModel, operation: string, output: unknown, requestId = ''): WireResponse {
    const outputShape = model.operations[operation].output;
    const result = outputShape ? element(`${operation}Result`, shapeToXml(model, outputShape, output ?? {}) ?? '') : '';
    const meta = element('ResponseMetadata', element('RequestId', escapeXml(requestId)));
    const body = `<${operation}Response xmlns="${namespace(model)}">${result}${meta}</${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body };
  }

  writeError(model: ServiceModel, error: ServiceError, requestId = ''): WireResponse {
    const { code, status, message } = wireError(model, error);
    const inner = element('Type', status < 500 ? 'Sender' : 'Receiver') + element('Code', escapeXml(code)) + element('Message', escapeXml(message));
    const body = `<ErrorResponse xmlns="${namespace(model)}">${element('Error', inner)}${element('RequestId', escapeXml(requestId))}</ErrorResponse>`;
    return { status, headers: { 'content-type': 'text/xml' }, body };
  }
}

function namespace(model: ServiceModel): string {
  return escapeXml(model.metadata.xmlNamespace ?? '');
}

/** The model's code and status for an error thrown by shape name or by wire code. */
function wireError(model: ServiceModel, error: ServiceError): { code: string; status: number; message: string } {
  if (error.code === 'UnknownOperationException') {
    return { code: 'InvalidAction', status: 400, message: 'The action or operation requested is invalid. Verify that the action is typed correctly.' };
  }
  const byName = model.shapes[error.code];
  const shape = byName?.exception ? byName : Object.values(model.shapes).find((s) => s.exception && s.error?.code === error.code);
  return {
    code: shape?.error?.code ?? error.code,
    status: shape?.error?.httpStatusCode ?? error.status,
    message: error.message,
  };
}

function params(req: WireRequest): Params {
  const text = FORM.test(req.headers['content-type'] ?? '') && req.body.length > 0 ? req.body.toString('utf8') : req.query;
  return new Map(new URLSearchParams(text));
}

function hasPrefix(p: Params, prefix: string): boolean {
  for (const k of p.keys()) if (k.startsWith(prefix)) return true;
  return false;
}

/** The sorted N of every `<prefix>N.` key. */
function indices(p: Params, prefix: string): number[] {
  const found = new Set<number>();
  for (const k of p.keys()) {
    if (!k.startsWith(prefix)) continue;
    const n = Number(k.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(n) && n > 0) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

/** Builds the JSON-like value of `shapeName` from the flat parameters under `key`. */
function collect(model: ServiceModel, shapeName: string, key: string, p: Params): unknown {
  const shape = model.shapes[shapeName];
  const sub = (name: string) => (key ? `${key}.${name}` : name);
  switch (shape.type) {
    case 'structure': {
      if (key && !hasPrefix(p, `${key}.`)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = collect(model, ref.shape, sub(ref.locationName ?? name), p);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list': {
      if (p.get(key) === '') return [];
      const prefix = `${key}.${shape.member!.locationName ?? 'member'}.`;
      const ns = indices(p, prefix);
      return ns.length ? ns.map((n) => collect(model, shape.member!.shape, `${prefix}${n}`, p) ?? null) : undefined;
    }
    case 'map': {
      const prefix = `${key}.entry.`;
      const ns = indices(p, prefix);
      if (!ns.length) return undefined;
      const out: Record<string, unknown> = {};
      for (const n of ns) out[p.get(`${prefix}${n}.key`) ?? ''] = collect(model, shape.value!.shape, `${prefix}${n}.value`, p);
      return out;
    }
    default:
      return scalar(shape.type, p.get(key));
  }
}

function scalar(type: string, raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  switch (type) {
    case 'integer': case 'long': case 'float': case 'double':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : raw;
    default:
      return raw;
  }
}
