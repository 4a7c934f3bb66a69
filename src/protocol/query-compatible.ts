/**
 * awsQueryCompatible: services that moved from awsQuery to JSON or CBOR (CloudWatch) keep
 * their awsQuery error codes for old clients. The body's `__type` names the error shape, and
 * an `x-amzn-query-error: <awsQuery code>;<Sender|Receiver>` header carries the code an
 * awsQuery client would have seen; botocore and the JS SDK read the header first.
 */
import { ServiceError } from './errors.js';
import { JsonProtocol } from './json-protocol.js';
import { ServiceModel } from './model.js';
import { WireResponse } from './protocol.js';

export interface QueryCompatibleError {
  /** The error shape's name (or the code itself for errors the model does not declare). */
  typeName: string;
  /** The awsQuery code. */
  queryCode: string;
  status: number;
  fault: 'Sender' | 'Receiver';
}

/** A thrown error's shape and codes, whether it names the shape (InvalidParameterValueException) or its awsQuery code (InvalidParameterValue). */
export function queryCompatibleError(model: ServiceModel, error: ServiceError): QueryCompatibleError {
  const byName = model.shapes[error.code]?.exception ? error.code : undefined;
  const typeName = byName ?? Object.keys(model.shapes).find((name) => model.shapes[name].exception && model.shapes[name].error?.code === error.code) ?? error.code;
  const shape = model.shapes[typeName];
  const status = shape?.exception ? shape.error?.httpStatusCode ?? error.status : error.status;
  return { typeName, queryCode: shape?.exception ? shape.error?.code ?? typeName : error.code, status, fault: status >= 500 ? 'Receiver' : 'Sender' };
}

export const QUERY_ERROR_HEADER = 'x-amzn-query-error';

/** awsJson with the awsQueryCompatible error form. */
export class QueryCompatibleJsonProtocol extends JsonProtocol {
  writeError(model: ServiceModel, error: ServiceError): WireResponse {
    const e = queryCompatibleError(model, error);
    const response = super.writeError(model, new ServiceError(e.typeName, error.message, e.status, error.fields));
    return { ...response, headers: { ...response.headers, [QUERY_ERROR_HEADER]: `${e.queryCode};${e.fault}` } };
  }
}
