// AWS Signature Version 4 verification (header and presigned-query forms).
// Pure: no I/O, the clock and the secret store are parameters.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalQueryPairs, canonicalRequest, queryParam } from './sigv4-canonical.js';

export interface SignedRequest {
  method: string;
  /** Raw path as received, without the query. */
  path: string;
  /** Raw query string without '?'. */
  query: string;
  /** Lower-case names as node:http gives them; arrays (headersDistinct) keep repeated headers apart. */
  headers: Record<string, string | string[] | undefined>;
  /** Hex sha256 of the body as received. */
  payloadHash: string;
}

export interface SigV4Identity {
  accessKeyId: string;
  region: string;
  service: string;
  /** The request's x-amz-date. */
  date: Date;
  presigned: boolean;
}

export type SigV4Failure = {
  code:
    | 'MissingAuthenticationToken'
    | 'IncompleteSignature'
    | 'UnrecognizedClient'
    | 'SignatureDoesNotMatch'
    | 'RequestExpired'
    | 'InvalidSignatureDate';
  message: string;
};

export type SigV4Result = { ok: true; identity: SigV4Identity } | { ok: false; failure: SigV4Failure };

export interface AuthorizationFields {
  algorithm: string;
  credential?: string;
  signedHeaders?: string;
  signature?: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_EXPIRES_S = 604800;
// S3-style services sign the raw path: no normalisation, no second encoding.
const RAW_PATH_SERVICES = new Set(['s3', 's3-object-lambda', 's3-outposts']);

export const MESSAGES = {
  missingToken: 'Missing Authentication Token',
  unrecognizedClient: 'The security token included in the request is invalid.',
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  hostNotSigned: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  presignExpired: 'Request has expired',
  presignNotYetValid: 'Request is not yet valid',
} as const;

const failure = (code: SigV4Failure['code'], message: string): SigV4Failure => ({ code, message });
const isFailure = (v: object): v is SigV4Failure => 'code' in v && 'message' in v;
/** Messages of the checks that failed, in order: AWS reports them all at once. */
const failedChecks = (checks: Array<[failed: boolean, message: string]>) => checks.filter(([f]) => f).map(([, m]) => m);

/** The fields both forms reduce to before the signature is computed. */
export interface AuthInput {
  credential: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
  expiresSeconds?: number;
  payloadOverride?: string;
}

export type QueryPair = [key: string, value: string];

export interface VerifyOptions {
  /** The signing name of the service the request was routed to; the credential scope must name it. */
  service?: string;
}

/** What the checks before the body established; the signature waits for the body's hash. */
export interface SigV4Headers {
  identity: SigV4Identity;
  checkSignature(payloadHash: string): SigV4Result;
}

export type SigV4HeadersResult = { ok: true; headers: SigV4Headers } | { ok: false; failure: SigV4Failure };

type LookupSecret = (accessKeyId: string) => string | undefined;

export function verifySigV4(req: SignedRequest, lookupSecret: LookupSecret, now: Date, opts: VerifyOptions = {}): SigV4Result {
  const checked = verifySigV4Headers(req, lookupSecret, now, opts);
  return checked.ok ? checked.headers.checkSignature(req.payloadHash) : checked;
}

/** Everything but the signature, so a request that cannot pass is refused before its body is read. */
export function verifySigV4Headers(req: Omit<SignedRequest, 'payloadHash'>, lookupSecret: LookupSecret, now: Date, opts: VerifyOptions = {}): SigV4HeadersResult {
  const query = canonicalQueryPairs(req.query);
  const authorization = firstHeader(req.headers, 'authorization');
  const algorithm = queryParam(query, 'X-Amz-Algorithm');
  if (authorization === undefined && algorithm === undefined) {
    return { ok: false, failure: failure('MissingAuthenticationToken', MESSAGES.missingToken) };
  }
  // AWS refuses a request that carries both forms rather than picking one.
  if (authorization !== undefined && algorithm !== undefined) {
    return { ok: false, failure: failure('SignatureDoesNotMatch', MESSAGES.signatureMismatch) };
  }
  const input =
    authorization !== undefined ? headerAuthInput(authorization, req.headers) : queryAuthInput(algorithm ?? '', query);
  if (isFailure(input)) return { ok: false, failure: input };
  const checked = checkBeforeBody(input, lookupSecret, now, opts);
  if (isFailure(checked)) return { ok: false, failure: checked };
  const { identity, scope, secret } = checked;
  const checkSignature = (payloadHash: string): SigV4Result => {
    const mismatch = checkSignatureOf({ ...req, payloadHash }, query, input, scope, secret);
    return mismatch ? { ok: false, failure: mismatch } : { ok: true, identity };
  };
  return { ok: true, headers: { identity, checkSignature } };
}

/** Splits an Authorization header the way AWS does: pairs separated by commas and/or whitespace. */
export function parseAuthorization(header: string): AuthorizationFields | SigV4Failure {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  // Other schemes (SigV2 'AWS', Bearer...) are reported as lacking every SigV4 parameter.
  if (algorithm !== ALGORITHM || space < 0) return { algorithm };
  const fields: AuthorizationFields = { algorithm };
  for (const token of trimmed.slice(space).split(/[\s,]+/)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq < 0) {
      return failure(
        'IncompleteSignature',
        `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${trimmed}'.`,
      );
    }
    const value = token.slice(eq + 1);
    switch (token.slice(0, eq)) {
      case 'Credential': fields.credential = value; break;
      case 'SignedHeaders': fields.signedHeaders = value; break;
      case 'Signature': fields.signature = value; break;
    }
  }
  return fields;
}

/** Region and service from the credential scope, for routing before verification. */
export function signingScope(req: SignedRequest): { region: string; service: string } | undefined {
  const authorization = firstHeader(req.headers, 'authorization');
  const credential =
    authorization !== undefined
      ? /Credential=([^,\s]+)/.exec(authorization)?.[1]
      : queryParam(canonicalQueryPairs(req.query), 'X-Amz-Credential');
  const parts = credential?.split('/');
  return parts?.length === 5 ? { region: parts[2], service: parts[3] } : undefined;
}

function headerAuthInput(authorization: string, headers: SignedRequest['headers']): AuthInput | SigV4Failure {
  const fields = parseAuthorization(authorization);
  if (isFailure(fields)) return fields;
  const amzDate = firstHeader(headers, 'x-amz-date') ?? firstHeader(headers, 'date');
  const missing = failedChecks([
    [fields.credential === undefined, "Authorization header requires 'Credential' parameter."],
    [fields.signature === undefined, "Authorization header requires 'Signature' parameter."],
    [fields.signedHeaders === undefined, "Authorization header requires 'SignedHeaders' parameter."],
    [amzDate === undefined, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."],
  ]);
  if (missing.length > 0) {
    return failure('IncompleteSignature', `${missing.join(' ')} Authorization=${authorization.trim()}`);
  }
  const contentSha = firstHeader(headers, 'x-amz-content-sha256');
  return {
    credential: fields.credential ?? '',
    signedHeaders: splitSignedHeaders(fields.signedHeaders ?? ''),
    signature: fields.signature ?? '',
    amzDate: amzDate ?? '',
    presigned: false,
    payloadOverride: contentSha === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : undefined,
  };
}

function queryAuthInput(algorithm: string, query: QueryPair[]): AuthInput | SigV4Failure {
  if (algorithm !== ALGORITHM) return failure('MissingAuthenticationToken', MESSAGES.missingToken);
  const get = (name: string) => queryParam(query, name);
  const [credential, signature, signedHeaders, amzDate] = [
    get('X-Amz-Credential'),
    get('X-Amz-Signature'),
    get('X-Amz-SignedHeaders'),
    get('X-Amz-Date'),
  ];
  const missing = failedChecks([
    [credential === undefined, "AWS query-string parameters must include 'X-Amz-Credential'."],
    [signature === undefined, "AWS query-string parameters must include 'X-Amz-Signature'."],
    [signedHeaders === undefined, "AWS query-string parameters must include 'X-Amz-SignedHeaders'."],
    [amzDate === undefined, "AWS query-string parameters must include 'X-Amz-Date'."],
  ]);
  if (missing.length > 0) {
    return failure('IncompleteSignature', `${missing.join(' ')} Re-examine the query-string parameters.`);
  }
  const expires = get('X-Amz-Expires');
  const expiresSeconds = expires === undefined ? undefined : parseExpires(expires);
  if (typeof expiresSeconds === 'object') return expiresSeconds;
  const contentSha = get('X-Amz-Content-Sha256');
  return {
    credential: credential ?? '',
    signedHeaders: splitSignedHeaders(signedHeaders ?? ''),
    signature: signature ?? '',
    amzDate: amzDate ?? '',
    presigned: true,
    expiresSeconds,
    payloadOverride: contentSha === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : undefined,
  };
}

function parseExpires(raw: string): number | SigV4Failure {
  if (!/^-?\d+$/.test(raw)) return failure('IncompleteSignature', 'X-Amz-Expires should be a number');
  const seconds = Number(raw);
  if (seconds < 1) return failure('IncompleteSignature', 'X-Amz-Expires must be non-negative');
  if (seconds > MAX_EXPIRES_S) {
    return failure('IncompleteSignature', `X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_EXPIRES_S}`);
  }
  return seconds;
}

function splitSignedHeaders(list: string): string[] {
  return list.split(';').map((h) => h.trim().toLowerCase()).filter((h) => h !== '').sort();
}

// Checks run in AWS's order: host signed, date format, clock, scope shape, key; then the signature.
function checkBeforeBody(input: AuthInput, lookupSecret: LookupSecret, now: Date, opts: VerifyOptions): { identity: SigV4Identity; scope: Scope; secret: string } | SigV4Failure {
  if (!input.signedHeaders.includes('host') && !input.signedHeaders.includes(':authority')) {
    return failure('SignatureDoesNotMatch', MESSAGES.hostNotSigned);
  }
  const date = parseAmzDate(input.amzDate);
  if (date === undefined) {
    return failure(
      'InvalidSignatureDate',
      `Date must be in ISO-8601 'basic format'. Got '${input.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  const timing = checkTiming(date, input, now);
  if (timing) return timing;
  const scope = parseScope(input.credential, input.amzDate, opts.service);
  if (isFailure(scope)) return scope;
  const secret = lookupSecret(scope.accessKeyId);
  if (secret === undefined) return failure('UnrecognizedClient', MESSAGES.unrecognizedClient);
  const identity = { accessKeyId: scope.accessKeyId, region: scope.region, service: scope.service, date, presigned: input.presigned };
  return { identity, scope, secret };
}

function checkSignatureOf(req: SignedRequest, query: QueryPair[], input: AuthInput, scope: Scope, secret: string): SigV4Failure | undefined {
  const rawPath = RAW_PATH_SERVICES.has(scope.service);
  // Only S3-style services let a client leave the payload unsigned; the others always sign the body's hash.
  const override = rawPath ? input.payloadOverride : undefined;
  const payload = override ?? (input.presigned && rawPath ? UNSIGNED_PAYLOAD : req.payloadHash);
  const canonical = canonicalRequest(req, query, input, payload, rawPath);
  const stringToSign = [ALGORITHM, input.amzDate, scope.scope, sha256Hex(canonical)].join('\n');
  const key = signingKey(secret, scope.day, scope.region, scope.service);
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return constantTimeEqual(expected, input.signature) ? undefined : failure('SignatureDoesNotMatch', MESSAGES.signatureMismatch);
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hours, minutes, seconds] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
  // Rejects out-of-range fields that Date.UTC would silently roll over (month 13, day 31 of
  // June) and years below 100, which it reads as 19xx.
  const same = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    date.getUTCHours() === hours && date.getUTCMinutes() === minutes && date.getUTCSeconds() === seconds;
  return same ? date : undefined;
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function checkTiming(date: Date, input: AuthInput, now: Date): SigV4Failure | undefined {
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  if (input.presigned) {
    if (date.getTime() > nowMs + MAX_SKEW_MS) return failure('RequestExpired', MESSAGES.presignNotYetValid);
    // Without X-Amz-Expires a presigned request gets the same window as the header form.
    const lifetimeMs = input.expiresSeconds !== undefined ? input.expiresSeconds * 1000 : MAX_SKEW_MS;
    return nowMs > date.getTime() + lifetimeMs ? failure('RequestExpired', MESSAGES.presignExpired) : undefined;
  }
  const fmt = (ms: number) => formatAmzDate(new Date(ms));
  if (date.getTime() < nowMs - MAX_SKEW_MS) {
    return failure(
      'RequestExpired',
      `Signature expired: ${input.amzDate} is now earlier than ${fmt(nowMs - MAX_SKEW_MS)} (${fmt(nowMs)} - 15 min.)`,
    );
  }
  if (date.getTime() > nowMs + MAX_SKEW_MS) {
    return failure(
      'RequestExpired',
      `Signature not yet current: ${input.amzDate} is still later than ${fmt(nowMs + MAX_SKEW_MS)} (${fmt(nowMs)} + 15 min.)`,
    );
  }
  return undefined;
}

interface Scope {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  /** day/region/service/aws4_request, as it appears in the string to sign. */
  scope: string;
}

// AWS region names: two-letter area, words, a number (us-east-1, us-gov-west-1, us-isob-east-1).
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function parseScope(credential: string, amzDate: string, expectedService?: string): Scope | SigV4Failure {
  const parts = credential.split('/');
  if (parts.length !== 5) {
    return failure(
      'IncompleteSignature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, day, region, service, terminator] = parts;
  const problems = failedChecks([
    [!REGION.test(region), `Credential should be scoped to a valid region, not '${region}'.`],
    [expectedService !== undefined && service !== expectedService, `Credential should be scoped to correct service: '${expectedService}'.`],
    [terminator !== TERMINATOR, `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`],
    [
      day !== amzDate.slice(0, 8),
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    ],
  ]);
  if (problems.length > 0) return failure('SignatureDoesNotMatch', problems.join(' '));
  return { accessKeyId, day, region, service, scope: parts.slice(1).join('/') };
}

function firstHeader(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function constantTimeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

// Every request needs a derived key, and it only changes daily per secret/region/service.
const SIGNING_KEY_CACHE_SIZE = 64;
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const cacheKey = [secret, day, region, service].join('\n');
  const cached = signingKeys.get(cacheKey);
  if (cached) {
    signingKeys.delete(cacheKey);
    signingKeys.set(cacheKey, cached);
    return cached;
  }
  let key: Buffer = Buffer.from(`AWS4${secret}`, 'utf8');
  for (const part of [day, region, service, TERMINATOR]) key = createHmac('sha256', key).update(part, 'utf8').digest();
  signingKeys.set(cacheKey, key);
  if (signingKeys.size > SIGNING_KEY_CACHE_SIZE) signingKeys.delete(signingKeys.keys().next().value as string);
  return key;
}
