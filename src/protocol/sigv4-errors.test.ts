/** SigV4 failures as each protocol family puts them on the wire. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SigV4Failure } from './sigv4.js';
import { sigv4WireError, type ProtocolFamily } from './sigv4-errors.js';

const wire: Array<[SigV4Failure, ProtocolFamily, string, number]> = [
  [{ code: 'UnrecognizedClient', message: 'm' }, 'json', 'UnrecognizedClientException', 400],
  [{ code: 'SignatureDoesNotMatch', message: 'm' }, 'json', 'InvalidSignatureException', 400],
  [{ code: 'RequestExpired', message: 'Signature expired: ...' }, 'query', 'SignatureDoesNotMatch', 403],
  [{ code: 'UnrecognizedClient', message: 'm' }, 'query', 'InvalidClientTokenId', 403],
  [{ code: 'RequestExpired', message: 'Request has expired' }, 'rest-xml', 'AccessDenied', 403],
  [{ code: 'RequestExpired', message: 'Signature expired: ...' }, 'rest-xml', 'RequestTimeTooSkewed', 403],
  [{ code: 'MissingAuthenticationToken', message: 'm' }, 'rest-json', 'MissingAuthenticationTokenException', 403],
];

test('sigv4WireError names each failure per protocol family', () => {
  for (const [failure, family, code, status] of wire) {
    const error = sigv4WireError(failure, family);
    assert.deepEqual([error.code, error.status], [code, status], `${failure.code} in ${family}`);
  }
  assert.equal(sigv4WireError({ code: 'RequestExpired', message: 'Signature expired: x' }, 'json').message, 'Signature expired: x');
  assert.equal(
    sigv4WireError({ code: 'MissingAuthenticationToken', message: 'm' }, 'query').message,
    'Request is missing Authentication Token',
  );
});
