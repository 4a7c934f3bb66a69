import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { parseAuthorization, signingScope, verifySigV4, verifySigV4Headers, type SignedRequest, type SigV4Failure } from './sigv4.js';

const AKID = 'AKIDBERTH';
const SECRET = 'berth/secret+KEY';
const SIGNED_AT = new Date('2026-11-26T10:30:00Z');
const SECRETS = new Map([
  [AKID, SECRET],
  ['AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'],
  ['AKIDBOTO', 'boto/secret+KEY'],
]);
const lookup = (id: string) => SECRETS.get(id);
const at = (seconds: number) => new Date(SIGNED_AT.getTime() + seconds * 1000);
const sha256 = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

type Query = Record<string, string | string[]>;
interface Spec {
  method?: string;
  path?: string;
  query?: Query;
  /** Wire form of the query when it differs from the SDK's own encoding of `query`. */
  rawQuery?: string;
  headers?: Record<string, string>;
  body?: string;
  service?: string;
  region?: string;
  sessionToken?: string;
  applyChecksum?: boolean;
}

// The SDK's wire encoding of a query (what @smithy/node-http-handler sends).
const esc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const buildQuery = (q: Query) =>
  Object.entries(q)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${esc(k)}=${esc(x)}`))
    .join('&');

function signer(spec: Spec, secret = SECRET): SignatureV4 {
  const service = spec.service ?? 'ecs';
  return new SignatureV4({
    credentials: { accessKeyId: AKID, secretAccessKey: secret, sessionToken: spec.sessionToken },
    region: spec.region ?? 'us-east-1',
    service,
    sha256: Sha256,
    uriEscapePath: service !== 's3',
    applyChecksum: spec.applyChecksum ?? true,
  });
}

function httpRequest(spec: Spec): HttpRequest {
  return new HttpRequest({
    method: spec.method ?? 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4566,
    path: spec.path ?? '/',
    query: spec.query ?? {},
    headers: { host: 'localhost:4566', ...spec.headers },
    body: spec.body,
  });
}

type SdkRequest = Pick<HttpRequest, 'method' | 'path' | 'headers'> & Partial<Pick<HttpRequest, 'query'>>;

function toSigned(r: SdkRequest, spec: Spec): SignedRequest {
  return {
    method: r.method,
    path: r.path,
    query: spec.rawQuery ?? buildQuery((r.query ?? {}) as Query),
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
    payloadHash: sha256(spec.body ?? ''),
  };
}

const signHeader = async (spec: Spec, secret?: string) =>
  toSigned(await signer(spec, secret).sign(httpRequest(spec), { signingDate: SIGNED_AT }), spec);
const presign = async (spec: Spec, expiresIn = 900) =>
  toSigned(await signer(spec).presign(httpRequest(spec), { signingDate: SIGNED_AT, expiresIn }), spec);

function expectOk(req: SignedRequest, now = SIGNED_AT) {
  const result = verifySigV4(req, lookup, now);
  assert.ok(result.ok, result.ok ? '' : `${result.failure.code}: ${result.failure.message}`);
  return result.identity;
}

function expectFailure(req: SignedRequest, code: SigV4Failure['code'], now = SIGNED_AT, message?: string) {
  const result = verifySigV4(req, lookup, now);
  assert.equal(result.ok, false, `expected ${code}`);
  if (result.ok) return;
  assert.equal(result.failure.code, code, result.failure.message);
  if (message !== undefined) assert.equal(result.failure.message, message);
}

const ecsSpec: Spec = {
  method: 'POST',
  headers: {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
  },
  body: '{}',
};

const headerForm: Array<[string, Spec]> = [
  ['ECS JSON POST', ecsSpec],
  ['ECS POST without x-amz-content-sha256 (botocore style)', { ...ecsSpec, applyChecksum: false }],
  [
    'GET with tricky query values',
    {
      method: 'GET',
      query: { 'a b': 'c d', tilde: 'x~y', plus: '1+1', eq: 'a=b&c', uni: 'ünï✓', empty: '', rep: ['z', 'a', 'm'], '~k': 'v' },
    },
  ],
  [
    'raw query in a non-canonical but equivalent wire form',
    {
      method: 'GET',
      query: { b: '2', a: ['1', '0'], c: '', d: '', e: '~~~', f: '✓', g: 'x y', h: 'p+q', i: "it's(*)!" },
      rawQuery: "b=2&a=1&a=0&c=&d&e=%7e%7E~&f=%e2%9c%93&g=x+y&h=p%2Bq&i=it's(*)!",
    },
  ],
  ['path with encoded and special characters', { method: 'GET', path: '/clusters/my%20cluster/a%2Fb/c~d/%E2%9C%93/' }],
  ['path with dot segments and double slashes', { method: 'GET', path: '/a/./b/../c//d' }],
  ['S3 path signed raw', { method: 'GET', service: 's3', path: '/bucket/my%20key/a//b/../c' }],
  ['UNSIGNED-PAYLOAD on an S3-style service', { method: 'PUT', service: 's3', path: '/bucket/key', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'not hashed' }],
  ['header value with runs of whitespace', { ...ecsSpec, headers: { ...ecsSpec.headers, 'x-amz-meta-note': '  a   b \t c  ' } }],
  ['session token', { ...ecsSpec, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' }],
];

for (const [name, spec] of headerForm) {
  test(`header form verifies: ${name}`, async () => {
    const identity = expectOk(await signHeader(spec));
    assert.deepEqual(identity, {
      accessKeyId: AKID,
      region: 'us-east-1',
      service: spec.service ?? 'ecs',
      date: SIGNED_AT,
      presigned: false,
    });
  });
}

const presigned: Array<[string, Spec]> = [
  ['GET with query (non-S3 signs the empty-body hash)', { method: 'GET', query: { Action: 'ListClusters', 'a b': 'c~d' } }],
  [
    'S3 with hoisted X-Amz-Content-Sha256=UNSIGNED-PAYLOAD',
    { method: 'GET', service: 's3', path: '/bucket/key%20name', headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } },
  ],
  ['session token', { method: 'GET', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' }],
];

for (const [name, spec] of presigned) {
  test(`presigned form verifies: ${name}`, async () => {
    assert.equal(expectOk(await presign(spec)).presigned, true);
  });
}

test('repeated header values (headersDistinct) are joined with commas', async () => {
  const req = await signHeader({ ...ecsSpec, headers: { ...ecsSpec.headers, 'x-amz-meta-list': 'a   b,c' } });
  expectOk({ ...req, headers: { ...req.headers, 'x-amz-meta-list': ['a   b', ' c'] } });
});

const withAuth = (r: SignedRequest, edit: (auth: string) => string): SignedRequest => ({
  ...r,
  headers: { ...r.headers, authorization: edit(String(r.headers.authorization)) },
});

const mutations: Array<[string, (r: SignedRequest) => SignedRequest, SigV4Failure['code'] | 'ok']> = [
  ['unsigned header added', (r) => ({ ...r, headers: { ...r.headers, 'x-forwarded-for': '10.0.0.1' } }), 'ok'],
  ['body changed', (r) => ({ ...r, payloadHash: sha256('{"x":1}') }), 'SignatureDoesNotMatch'],
  ['signed header changed', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-target': 'X.DeleteCluster' } }), 'SignatureDoesNotMatch'],
  ['path changed', (r) => ({ ...r, path: '/other' }), 'SignatureDoesNotMatch'],
  ['query added', (r) => ({ ...r, query: 'x=1' }), 'SignatureDoesNotMatch'],
  ['signature truncated', (r) => withAuth(r, (a) => a.replace(/Signature=(\w+)/, 'Signature=abc')), 'SignatureDoesNotMatch'],
  ['unknown access key', (r) => withAuth(r, (a) => a.replace(AKID, 'AKIDNOBODY')), 'UnrecognizedClient'],
  ['no authorization at all', (r) => ({ ...r, headers: { ...r.headers, authorization: undefined } }), 'MissingAuthenticationToken'],
  ['host not signed', (r) => withAuth(r, (a) => a.replace('host;', '')), 'SignatureDoesNotMatch'],
  ['credential of 3 parts', (r) => withAuth(r, (a) => a.replace('/us-east-1/ecs', '')), 'IncompleteSignature'],
  ['bad scope terminator', (r) => withAuth(r, (a) => a.replace('aws4_request', 'aws5_request')), 'SignatureDoesNotMatch'],
  ['scope date differs', (r) => withAuth(r, (a) => a.replace('/20261126/', '/20261125/')), 'SignatureDoesNotMatch'],
  ['date not ISO basic', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '2026-11-26T10:30:00Z' } }), 'InvalidSignatureDate'],
  ['date with month 13', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '20261326T103000Z' } }), 'InvalidSignatureDate'],
  ['date on June 31', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '20260631T103000Z' } }), 'InvalidSignatureDate'],
  ['date with hour 24', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '20261126T243000Z' } }), 'InvalidSignatureDate'],
  ['date in year 50', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '00501126T103000Z' } }), 'InvalidSignatureDate'],
  ['presign parameters beside the header', (r) => ({ ...r, query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' }), 'SignatureDoesNotMatch'],
];

for (const [name, mutate, expected] of mutations) {
  test(`header-form mutation: ${name} -> ${expected}`, async () => {
    const req = mutate(await signHeader(ecsSpec));
    if (expected === 'ok') expectOk(req);
    else expectFailure(req, expected);
  });
}

test('UNSIGNED-PAYLOAD does not exempt a JSON service body from the signature', async () => {
  const req = await signHeader({ ...ecsSpec, headers: { ...ecsSpec.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'not hashed' });
  expectFailure(req, 'SignatureDoesNotMatch');
});

describe('the credential scope names the service the request reached, a real region and aws4_request', () => {
  const verify = (req: SignedRequest, service = 'ecs') => verifySigV4(req, lookup, SIGNED_AT, { service });
  const failureOf = (r: ReturnType<typeof verify>) => (r.ok ? undefined : r.failure);

  test('ECS signed for ecs passes; the same request signed for ecr or s3 is refused with AWS wording', async () => {
    assert.ok(verify(await signHeader(ecsSpec)).ok);
    for (const other of ['ecr', 's3']) {
      const f = failureOf(verify(await signHeader({ ...ecsSpec, service: other })));
      assert.equal(f?.code, 'SignatureDoesNotMatch');
      assert.equal(f?.message, "Credential should be scoped to correct service: 'ecs'.");
    }
  });

  const regions: Array<[string, boolean]> = [
    ['us-east-1', true], ['eu-central-2', true], ['us-gov-west-1', true], ['us-isob-east-1', true], ['ap-southeast-4', true],
    ['local', false], ['US-EAST-1', false], ['us-east', false], ['us-east-1x', false], ['*', false],
  ];
  for (const [region, valid] of regions) {
    test(`region ${JSON.stringify(region)} is ${valid ? 'accepted' : 'refused'}`, async () => {
      const f = failureOf(verify(await signHeader({ ...ecsSpec, region })));
      if (valid) assert.equal(f, undefined);
      else assert.equal(f?.message, `Credential should be scoped to a valid region, not '${region}'.`);
    });
  }

  test('the headers-only check passes before the body is known and still catches a wrong service', async () => {
    const req = await signHeader(ecsSpec);
    const checked = verifySigV4Headers(req, lookup, SIGNED_AT, { service: 'ecs' });
    assert.ok(checked.ok);
    assert.equal(checked.headers.checkSignature('').ok, false, 'the signature covers the body');
    assert.ok(checked.headers.checkSignature(req.payloadHash).ok);
    assert.equal(verifySigV4Headers(req, lookup, SIGNED_AT, { service: 'ecr' }).ok, false);
    const stranger = withAuth(req, (a) => a.replace(AKID, 'AKIDNOBODY'));
    const refused = verifySigV4Headers(stranger, lookup, SIGNED_AT);
    assert.equal(refused.ok ? undefined : refused.failure.code, 'UnrecognizedClient');
  });
});

test('a wrong secret gives SignatureDoesNotMatch with the AWS wording', async () => {
  const message =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  expectFailure(await signHeader(ecsSpec, 'another-secret'), 'SignatureDoesNotMatch', SIGNED_AT, message);
});

test('missing token and unknown key carry the AWS messages', async () => {
  const req = await signHeader(ecsSpec);
  expectFailure({ ...req, headers: {} }, 'MissingAuthenticationToken', SIGNED_AT, 'Missing Authentication Token');
  const stranger = withAuth(req, (a) => a.replace(AKID, 'AKIDNOBODY'));
  expectFailure(stranger, 'UnrecognizedClient', SIGNED_AT, 'The security token included in the request is invalid.');
});

test('header form allows 15 minutes of clock skew either way', async () => {
  const req = await signHeader(ecsSpec);
  for (const minutes of [-15, -14, 14, 15]) expectOk(req, at(minutes * 60));
  expectFailure(
    req,
    'RequestExpired',
    at(16 * 60),
    'Signature expired: 20261126T103000Z is now earlier than 20261126T103100Z (20261126T104600Z - 15 min.)',
  );
  expectFailure(
    req,
    'RequestExpired',
    at(-16 * 60),
    'Signature not yet current: 20261126T103000Z is still later than 20261126T102900Z (20261126T101400Z + 15 min.)',
  );
});

test('presigned requests live for X-Amz-Expires, not the skew window', async () => {
  const short = await presign({ method: 'GET' }, 900);
  expectOk(short, at(900));
  expectFailure(short, 'RequestExpired', at(901), 'Request has expired');
  expectFailure(short, 'RequestExpired', at(-16 * 60), 'Request is not yet valid');
  expectOk(await presign({ method: 'GET' }, 604800), at(6 * 86400));
});

const presignMutations: Array<[string, (query: string) => string, SigV4Failure['code'], string?]> = [
  ['X-Amz-Expires=0', (q) => q.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=0'), 'IncompleteSignature'],
  ['X-Amz-Expires over a week', (q) => q.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604801'), 'IncompleteSignature'],
  ['X-Amz-Expires not a number', (q) => q.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=soon'), 'IncompleteSignature'],
  [
    'no X-Amz-Signature',
    (q) => q.replace(/&?X-Amz-Signature=\w+/, ''),
    'IncompleteSignature',
    "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
  ],
  ['other algorithm', (q) => q.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'), 'MissingAuthenticationToken'],
  ['operation parameter changed', (q) => q.replace('Action=ListClusters', 'Action=DeleteCluster'), 'SignatureDoesNotMatch'],
  ['unknown access key', (q) => q.replace(AKID, 'AKIDNOBODY'), 'UnrecognizedClient'],
];

for (const [name, mutate, code, message] of presignMutations) {
  test(`presigned mutation: ${name} -> ${code}`, async () => {
    const req = await presign({ method: 'GET', query: { Action: 'ListClusters' } });
    expectFailure({ ...req, query: mutate(req.query) }, code, SIGNED_AT, message);
  });
}

const algorithmOnly =
  "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.";
const credential = `${AKID}/20261126/us-east-1/ecs/aws4_request`;
const malformed: Array<[string, string, string, boolean?]> = [
  ['algorithm only', 'AWS4-HMAC-SHA256', `${algorithmOnly} Authorization=AWS4-HMAC-SHA256`],
  ['SigV2 header', 'AWS AKID:c2lnbmF0dXJl', `${algorithmOnly} Authorization=AWS AKID:c2lnbmF0dXJl`],
  [
    'Signature missing',
    `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date`,
    `Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date`,
  ],
  [
    'space after Credential=',
    `AWS4-HMAC-SHA256 Credential= ${credential}, SignedHeaders=host, Signature=abc`,
    `'${credential}' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential= ${credential}, SignedHeaders=host, Signature=abc'.`,
  ],
  [
    'bearer token and no date header',
    'Bearer eyJhbGciOi',
    `${algorithmOnly} Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer eyJhbGciOi`,
    true,
  ],
];

for (const [name, authorization, message, noDate] of malformed) {
  test(`malformed Authorization: ${name}`, () => {
    const headers = noDate ? { authorization } : { authorization, host: 'h', 'x-amz-date': '20261126T103000Z' };
    expectFailure({ method: 'GET', path: '/', query: '', headers, payloadHash: sha256('') }, 'IncompleteSignature', SIGNED_AT, message);
  });
}

test('parseAuthorization and signingScope read an SDK-signed request', async () => {
  const req = await signHeader(ecsSpec);
  const fields = parseAuthorization(String(req.headers.authorization));
  assert.ok(!('code' in fields));
  assert.equal(fields.credential, credential);
  assert.equal(fields.signedHeaders, 'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target');
  assert.match(fields.signature ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(signingScope(req), { region: 'us-east-1', service: 'ecs' });
  assert.deepEqual(signingScope(await presign({ method: 'GET', service: 's3' })), { region: 'us-east-1', service: 's3' });
  assert.equal(signingScope({ ...req, headers: {} }), undefined);
});

// Official AWS SigV4 test-suite vectors (AKIDEXAMPLE, 20150830T123600Z, us-east-1, "service").
const KNOWN_ANSWERS: Array<[string, string, string, string, string]> = [
  ['get-vanilla', 'GET', '/', '', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
  ['post-vanilla', 'POST', '/', '', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ['get-vanilla-query-order-key-case', 'GET', '/', 'Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ['get-vanilla-empty-query-key', 'GET', '/', 'Param1=value1', 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb'],
  ['get-utf8', 'GET', '/ሴ', '', '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85'],
];

for (const [name, method, path, query, signature] of KNOWN_ANSWERS) {
  test(`AWS test suite: ${name}`, () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`;
    const headers = { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z', authorization };
    expectOk({ method, path, query, headers, payloadHash: sha256('') }, new Date('2015-08-30T12:36:00Z'));
  });
}

test('a request sent by @aws-sdk/client-ecs verifies', async () => {
  let sent: HttpRequest | undefined;
  const client = new ECSClient({
    region: 'eu-west-3',
    endpoint: 'http://localhost:4566',
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        sent = request;
        const body = Readable.from([Buffer.from('{"clusterArns":[]}')]);
        return { response: new HttpResponse({ statusCode: 200, headers: {}, body }) };
      },
    },
  });
  await client.send(new ListClustersCommand({ maxResults: 5 }));
  assert.ok(sent);
  const body: unknown = sent.body;
  const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body);
  const identity = expectOk(toSigned(sent, { body: text }), new Date());
  assert.deepEqual([identity.region, identity.service], ['eu-west-3', 'ecs']);
});

const PYTHON = '/root/.pyenv/versions/3.11.7/bin/python3';
const BOTOCORE_SCRIPT = String.raw`
import json, sys
try:
    from botocore.auth import SigV4Auth, S3SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    print('NO_BOTOCORE'); sys.exit(0)
creds = Credentials('AKIDBOTO', 'boto/secret+KEY')
def emit(req):
    p = req.prepare()
    body = p.body or b''
    return {'method': p.method, 'url': p.url, 'headers': dict(p.headers.items()),
            'body': body.decode('utf-8') if isinstance(body, bytes) else body}
post = AWSRequest(method='POST', url='http://localhost:4566/v1/items/a%20b/./c',
                  params={'q': 'x y~z', 'uni': 'ü✓', 'plus': '1+1', 'empty': ''},
                  data=b'{"clusters":["default"]}',
                  headers={'Content-Type': 'application/x-amz-json-1.1', 'X-Custom': '  a   b  '})
SigV4Auth(creds, 'ecs', 'us-east-1').add_auth(post)
get = AWSRequest(method='GET', url='http://localhost:4566/bucket/some%20dir//key+name~.txt',
                 params={'response-content-type': 'text/plain'})
S3SigV4QueryAuth(creds, 's3', 'us-east-1', expires=300).add_auth(get)
print(json.dumps([emit(post), emit(get)]))
`;

test('requests signed by botocore verify (header form with query, S3 presign)', (t) => {
  const run = spawnSync(PYTHON, ['-c', BOTOCORE_SCRIPT], { encoding: 'utf8' });
  if (run.error || run.stdout.trim() === 'NO_BOTOCORE') {
    t.skip(`botocore is not importable from ${PYTHON}`);
    return;
  }
  assert.equal(run.status, 0, run.stderr);
  const captured = JSON.parse(run.stdout) as Array<{ method: string; url: string; headers: Record<string, string>; body: string }>;
  for (const c of captured) {
    const [, host, path, query = ''] = /^https?:\/\/([^/]+)([^?]*)(?:\?(.*))?$/.exec(c.url) ?? [];
    const headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k.toLowerCase(), v]));
    assert.equal(query.includes('+'), c.method === 'POST', 'botocore form-encodes params on the wire');
    const identity = expectOk({ method: c.method, path, query, headers: { host, ...headers }, payloadHash: sha256(c.body) }, new Date());
    assert.equal(identity.accessKeyId, 'AKIDBOTO');
  }
});
