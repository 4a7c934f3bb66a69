/**
 * Smithy RPC v2 CBOR: `POST /service/<service>/operation/<Operation>` with
 * `smithy-protocol: rpc-v2-cbor` and a CBOR body (./cbor.ts); answers carry the same header,
 * `Content-Type: application/cbor` and a CBOR body; errors are a CBOR map with `__type` (the
 * error shape) and the shape's members. The service name in the path is the model's target
 * prefix (botocore builds the path from it), so the gateway routes these by path.
 *
 * The decoded body becomes the same JSON-like document the JSON protocols read (timestamps
 * as epoch seconds, blobs as base64), so `readShape` validates it with the same rules and
 * wording; the output is written by `writeShape` and its timestamps and blobs turned back
 * into CBOR's tag 1 and byte strings by walking the output shape.
 */
import { CborError, CborValue, decodeCbor, encodeCbor } from './cbor.js';
import { clientError, ServiceError, validationMessage } from './errors.js';
import { ServiceModel } from './model.js';
import { Protocol, WireRequest, WireResponse } from './protocol.js';
import { QUERY_ERROR_HEADER, queryCompatibleError } from './query-compatible.js';
import { MAX_JSON_ELEMENTS } from './request-budget.js';
import { readShape, SerializationError } from './shape-reader.js';
import { writeShape } from './shape-writer.js';

/** `/service/<service>/operation/<operation>`: the service and the operation. */
export const RPC_V2_PATH = /^\/service\/([A-Za-z0-9_.-]+)\/operation\/([A-Za-z0-9_]+)$/;

const HEADERS = { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
// The same structural budget as a JSON body's elements (request-budget.ts).
const LIMITS = { maxDepth: 64, maxItems: MAX_JSON_ELEMENTS };

export interface CborProtocolOptions {
  /** The code the service answers model validation failures with (CloudWatch: ValidationError). */
  validationErrorCode: string;
  /** awsQueryCompatible services add the awsQuery code of each error (./query-compatible.ts). */
  queryCompatible?: boolean;
}

export class RpcV2CborProtocol implements Protocol {
  // Authentication failures are answered with the JSON protocols' codes.
  readonly family = 'json' as const;

  constructor(private readonly options: CborProtocolOptions) {}

  accepts(req: WireRequest): boolean {
    return RPC_V2_PATH.test(req.path) || req.headers['smithy-protocol'] === 'rpc-v2-cbor';
  }

  operationName(req: WireRequest, model: ServiceModel): string | undefined {
    const m = RPC_V2_PATH.exec(req.path);
    if (!m || req.method !== 'POST' || m[1] !== model.metadata.targetPrefix) return undefined;
    return m[2];
  }

  parseInput(req: WireRequest, model: ServiceModel, operation: string): unknown {
    const inputShape = model.operations[operation].input;
    const doc = req.body.length > 0 ? document(decode(req.body)) : {};
    if (!inputShape) return {};
    try {
      const { value, problems } = readShape(model, inputShape, doc ?? {});
      if (problems.length > 0) throw clientError(this.options.validationErrorCode, validationMessage(problems));
      return value ?? {};
    } catch (e) {
      if (e instanceof SerializationError) throw clientError('SerializationException', e.message);
      throw e;
    }
  }

  writeOutput(model: ServiceModel, operation: string, output: unknown): WireResponse {
    const outputShape = model.operations[operation].output;
    const doc = outputShape ? cborDocument(model, outputShape, writeShape(model, outputShape, output ?? {})) : {};
    return { status: 200, headers: { ...HEADERS }, body: encodeCbor(doc ?? {}) };
  }

  writeError(model: ServiceModel, error: ServiceError): WireResponse {
    if (!this.options.queryCompatible) {
      return { status: error.status, headers: { ...HEADERS }, body: encodeCbor({ __type: error.code, message: error.message, ...(error.fields as Record<string, CborValue>) }) };
    }
    const e = queryCompatibleError(model, error);
    const body = encodeCbor({ __type: e.typeName, message: error.message, ...(error.fields as Record<string, CborValue>) });
    return { status: e.status, headers: { ...HEADERS, [QUERY_ERROR_HEADER]: `${e.queryCode};${e.fault}` }, body };
  }
}

function decode(body: Buffer): CborValue {
  try {
    return decodeCbor(body, LIMITS);
  } catch (e) {
    if (e instanceof CborError) throw clientError('SerializationException', `Malformed CBOR request body: ${e.message}`);
    throw e;
  }
}

/** A decoded body as the JSON protocols' document: timestamps as epoch seconds, blobs as base64. */
function document(value: CborValue): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(document);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) out[k] = document(v);
    return out;
  }
  return value;
}

/** A written output document with its timestamps as Dates and blobs as bytes, found by the output shape. */
function cborDocument(model: ServiceModel, shapeName: string, value: unknown): CborValue {
  const shape = model.shapes[shapeName];
  if (value === undefined || value === null) return value as CborValue;
  switch (shape.type) {
    case 'timestamp': return typeof value === 'number' ? new Date(value * 1000) : (value as CborValue);
    case 'blob': return typeof value === 'string' ? Buffer.from(value, 'base64') : (value as CborValue);
    case 'list': return (value as unknown[]).map((item) => cborDocument(model, shape.member!.shape, item));
    case 'map': return mapValues(value as Record<string, unknown>, () => shape.value!.shape, model);
    case 'structure':
      if (shape.document) return value as CborValue;
      return mapValues(value as Record<string, unknown>, (k) => shape.members?.[k]?.shape, model);
    default: return value as CborValue;
  }
}

function mapValues(value: Record<string, unknown>, shapeOf: (key: string) => string | undefined, model: ServiceModel): CborValue {
  const out: Record<string, CborValue> = {};
  for (const [k, v] of Object.entries(value)) {
    const member = shapeOf(k);
    out[k] = member ? cborDocument(model, member, v) : (v as CborValue);
  }
  return out;
}
