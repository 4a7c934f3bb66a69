/**
 * awsJson1_0 / awsJson1_1: POST /, X-Amz-Target: <targetPrefix>.<Operation>, JSON body,
 * errors as {"__type": code, "message": text} with an x-amzn-ErrorType header
 * (botocore reads __type, the JS SDK reads the header first).
 */
import { ServiceModel } from './model.js';
import { clientError, ServiceError, validationMessage } from './errors.js';
import { Protocol, WireRequest, WireResponse } from './protocol.js';
import { readShape, SerializationError } from './shape-reader.js';
import { checkJsonBudget } from './request-budget.js';
import { writeShape } from './shape-writer.js';

export class JsonProtocol implements Protocol {
  readonly family = 'json' as const;

  constructor(
    /** AWS services validate with their own exception name (ECS: InvalidParameterException). */
    private readonly validationErrorCode: string,
  ) {}

  accepts(req: WireRequest): boolean {
    return typeof req.headers['x-amz-target'] === 'string' || /^application\/x-amz-json-1\.[01]/.test(req.headers['content-type'] ?? '');
  }

  operationName(req: WireRequest, model: ServiceModel): string | undefined {
    const target = req.headers['x-amz-target'];
    if (typeof target !== 'string') return undefined;
    const dot = target.lastIndexOf('.');
    if (dot < 0 || target.slice(0, dot) !== model.metadata.targetPrefix) return undefined;
    return target.slice(dot + 1);
  }

  parseInput(req: WireRequest, model: ServiceModel, operation: string): unknown {
    const inputShape = model.operations[operation].input;
    let doc: unknown = {};
    checkJsonBudget(req.body);
    const text = req.body.toString('utf8').trim();
    if (text.length > 0) {
      try {
        doc = JSON.parse(text);
      } catch {
        throw clientError('SerializationException', 'Unexpected character or malformed JSON in request body.');
      }
    }
    if (!inputShape) return {};
    try {
      const { value, problems } = readShape(model, inputShape, doc ?? {});
      if (problems.length > 0) throw clientError(this.validationErrorCode, validationMessage(problems));
      return value ?? {};
    } catch (e) {
      if (e instanceof SerializationError) throw clientError('SerializationException', e.message);
      throw e;
    }
  }

  writeOutput(model: ServiceModel, operation: string, output: unknown): WireResponse {
    const outputShape = model.operations[operation].output;
    const doc = outputShape ? writeShape(model, outputShape, output ?? {}) : {};
    return { status: 200, headers: { 'content-type': this.contentType(model) }, body: JSON.stringify(doc ?? {}) };
  }

  writeError(model: ServiceModel, error: ServiceError): WireResponse {
    const body = { __type: error.code, message: error.message, ...error.fields };
    return {
      status: error.status,
      headers: { 'content-type': this.contentType(model), 'x-amzn-errortype': error.code },
      body: JSON.stringify(body),
    };
  }

  private contentType(model: ServiceModel): string {
    return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
  }
}
