/** Distribution-spec errors: `{"errors":[{"code","message","detail"}]}` with the reference registry's statuses. */
import { ServerResponse } from 'node:http';

const STATUS: Record<string, number> = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  TAG_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  RANGE_INVALID: 416,
  PAGINATION_NUMBER_INVALID: 400,
  UNKNOWN: 500,
};

const MESSAGE: Record<string, string> = {
  BLOB_UNKNOWN: 'blob unknown to registry',
  BLOB_UPLOAD_INVALID: 'blob upload invalid',
  BLOB_UPLOAD_UNKNOWN: 'blob upload unknown to registry',
  DIGEST_INVALID: 'provided digest did not match uploaded content',
  MANIFEST_BLOB_UNKNOWN: 'blob unknown to registry',
  MANIFEST_INVALID: 'manifest invalid',
  MANIFEST_UNKNOWN: 'manifest unknown',
  NAME_INVALID: 'invalid repository name',
  NAME_UNKNOWN: 'repository name not known to registry',
  SIZE_INVALID: 'provided length did not match content length',
  UNAUTHORIZED: 'authentication required',
  DENIED: 'requested access to the resource is denied',
  UNSUPPORTED: 'The operation is unsupported.',
  RANGE_INVALID: 'invalid content range',
  PAGINATION_NUMBER_INVALID: 'invalid number of results requested',
  UNKNOWN: 'unknown error',
};

export class RegistryError extends Error {
  /** For UNAUTHORIZED: the scope the Bearer challenge names (`repository:<name>:pull`). */
  scope?: string;

  constructor(readonly code: string, message?: string, readonly detail?: unknown) {
    super(message ?? MESSAGE[code] ?? code);
    this.name = 'RegistryError';
  }

  get status(): number {
    return STATUS[this.code] ?? 400;
  }
}

export function sendRegistryError(res: ServerResponse, err: RegistryError, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ code: err.code, message: err.message, detail: err.detail ?? null }] });
  if (res.headersSent) return void res.destroy();
  res.writeHead(err.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
