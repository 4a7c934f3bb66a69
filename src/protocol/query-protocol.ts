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
import { collect, ParamNode, paramTree } from './query-params.js';
import { checkQueryBudget } from './request-budget.js';

const FORM = /^application\/x-www-form-urlencoded/i;

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
    return params(req, this.validationErrorCode).children?.get('Action')?.value || undefined;
  }

  parseInput(req: WireRequest, model: ServiceModel, operation: string): unknown {
    const inputShape = model.operations[operation].input;
    if (!inputShape) return {};
    const doc = collect(model, inputShape, params(req, this.validationErrorCode), true) ?? {};
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

/** The request's parameters: the form body when there is one, else the query string. */
const parsed = new WeakMap<WireRequest, ParamNode>();
function params(req: WireRequest, validationErrorCode: string): ParamNode {
  const cached = parsed.get(req);
  if (cached) return cached;
  const form = FORM.test(req.headers['content-type'] ?? '') && req.body.length > 0;
  checkQueryBudget(form ? req.body : Buffer.from(req.query), validationErrorCode);
  const text = form ? req.body.toString('utf8') : req.query;
  const tree = paramTree(text);
  parsed.set(req, tree);
  return tree;
}
