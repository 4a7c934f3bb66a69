// How each AWS protocol family reports a SigV4 failure on the wire: the
// same failure is named, and given a status, differently per family.
import { MESSAGES, type SigV4Failure } from './sigv4.js';

export type ProtocolFamily = 'json' | 'query' | 'rest-xml' | 'rest-json';

export interface WireError {
  code: string;
  status: number;
  message: string;
}

/** A fixed message replaces the verifier's where the family words it differently. */
type Entry = { code: string; status: number; message?: string };
type FamilyTable = Record<SigV4Failure['code'], Entry | ((failure: SigV4Failure) => Entry)>;

const INVALID_SIGNATURE_JSON = { code: 'InvalidSignatureException', status: 400 };
const INVALID_SIGNATURE_REST_JSON = { code: 'InvalidSignatureException', status: 403 };

const TABLE: Record<ProtocolFamily, FamilyTable> = {
  json: {
    MissingAuthenticationToken: { code: 'MissingAuthenticationTokenException', status: 400 },
    IncompleteSignature: { code: 'IncompleteSignatureException', status: 400 },
    InvalidSignatureDate: { code: 'IncompleteSignatureException', status: 400 },
    UnrecognizedClient: { code: 'UnrecognizedClientException', status: 400 },
    SignatureDoesNotMatch: INVALID_SIGNATURE_JSON,
    RequestExpired: INVALID_SIGNATURE_JSON,
  },
  query: {
    MissingAuthenticationToken: {
      code: 'MissingAuthenticationToken',
      status: 403,
      message: 'Request is missing Authentication Token',
    },
    IncompleteSignature: { code: 'IncompleteSignature', status: 400 },
    InvalidSignatureDate: { code: 'IncompleteSignature', status: 400 },
    UnrecognizedClient: { code: 'InvalidClientTokenId', status: 403 },
    SignatureDoesNotMatch: { code: 'SignatureDoesNotMatch', status: 403 },
    // STS answers clock skew with SignatureDoesNotMatch carrying the "Signature expired" text.
    RequestExpired: { code: 'SignatureDoesNotMatch', status: 403 },
  },
  'rest-xml': {
    MissingAuthenticationToken: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
    IncompleteSignature: { code: 'AuthorizationHeaderMalformed', status: 400 },
    InvalidSignatureDate: {
      code: 'AccessDenied',
      status: 403,
      message: 'AWS authentication requires a valid Date or x-amz-date header',
    },
    UnrecognizedClient: {
      code: 'InvalidAccessKeyId',
      status: 403,
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    },
    SignatureDoesNotMatch: {
      code: 'SignatureDoesNotMatch',
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    },
    // S3 tells an expired presigned URL apart from a skewed clock.
    RequestExpired: (failure) =>
      failure.message === MESSAGES.presignExpired || failure.message === MESSAGES.presignNotYetValid
        ? { code: 'AccessDenied', status: 403 }
        : {
            code: 'RequestTimeTooSkewed',
            status: 403,
            message: 'The difference between the request time and the current time is too large.',
          },
  },
  'rest-json': {
    MissingAuthenticationToken: { code: 'MissingAuthenticationTokenException', status: 403 },
    IncompleteSignature: { code: 'IncompleteSignatureException', status: 403 },
    InvalidSignatureDate: { code: 'IncompleteSignatureException', status: 403 },
    UnrecognizedClient: { code: 'UnrecognizedClientException', status: 403 },
    SignatureDoesNotMatch: INVALID_SIGNATURE_REST_JSON,
    RequestExpired: INVALID_SIGNATURE_REST_JSON,
  },
};

export function sigv4WireError(failure: SigV4Failure, family: ProtocolFamily): WireError {
  const row = TABLE[family][failure.code];
  const entry = typeof row === 'function' ? row(failure) : row;
  return { code: entry.code, status: entry.status, message: entry.message ?? failure.message };
}
