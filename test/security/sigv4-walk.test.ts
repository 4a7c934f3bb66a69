/**
 * Every operation of every service Berth serves, sent without a valid signature in each
 * way a client gets it wrong: unsigned, signed with the wrong secret or an unknown key,
 * presigned and expired, clock-skewed past and future, scoped to a malformed region or to
 * another service. Each must be refused with the error its protocol family's clients
 * expect (code and HTTP status as AWS answers them, clock skew as a code the SDKs' clock
 * correction recognises), and none may change anything.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isClockSkewError } from '@smithy/core/retry';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { awsError, inParallel, keepAliveAgent, operationWire, send, sign, Wire, WireReply } from '../support/aws-wire.js';
import { Family, ServedModel, walkableModels } from '../support/served-models.js';
import { inputFor, minimalContext } from '../support/shape-values.js';
import { listingSnapshot, notRecognized, rootCall } from '../support/listing-snapshot.js';

const REGION = 'us-east-1';
const MINUTE = 60_000;
const BAD_REGIONS = ['mars-1', 'us_east_1', 'US-EAST-1', 'us-east-one'];

interface Variant {
  name: string;
  prepare(endpoint: URL, wire: Wire, svc: ServedModel, i: number): Promise<Wire>;
  expect(family: Family, svc: ServedModel): { code: string; status: number; message: RegExp };
}

const signAs = (endpoint: URL, wire: Wire, svc: ServedModel, over: Partial<Parameters<typeof sign>[2]> = {}) =>
  sign(endpoint, wire, { credentials: TEST_CREDENTIALS, region: REGION, service: svc.signingName, ...over });

/** JSON services answer SigV4 failures with 400 and an `…Exception` code; awsQuery ones mostly with 403. */
const byFamily = (json: [string, number], query: [string, number], message: RegExp) => (family: Family) => {
  const [code, status] = family === 'json' ? json : query;
  return { code, status, message };
};

const SIGNATURE_MISMATCH = /signature we calculated does not match/;
const SKEW = /^Signature (expired|not yet current): \d{8}T\d{6}Z is (now earlier|still later) than/;

function otherSigningName(svc: ServedModel, all: ServedModel[]): string {
  // A query request is routed by its scope, so another query service shows what the scope alone decides.
  const pool = all.filter((s) => s.signingName !== svc.signingName && (svc.family === 'json' || s.family === 'query'));
  return pool[0]?.signingName ?? 'berth-nonexistent';
}

function variants(all: ServedModel[]): Variant[] {
  return [
    {
      name: 'unsigned',
      prepare: async (_e, wire) => wire,
      expect: byFamily(['MissingAuthenticationTokenException', 400], ['MissingAuthenticationToken', 403], /^(Request is missing|Missing) Authentication Token$/),
    },
    {
      name: 'signed with the wrong secret',
      prepare: (e, wire, svc) => signAs(e, wire, svc, { credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'not-the-secret-000000000000000000000000' } }),
      expect: byFamily(['InvalidSignatureException', 400], ['SignatureDoesNotMatch', 403], SIGNATURE_MISMATCH),
    },
    {
      name: 'signed with an unknown access key',
      prepare: (e, wire, svc) => signAs(e, wire, svc, { credentials: { accessKeyId: 'AKIAUNKNOWNBERTH0000', secretAccessKey: TEST_CREDENTIALS.secretAccessKey } }),
      expect: byFamily(['UnrecognizedClientException', 400], ['InvalidClientTokenId', 403], /^The security token included in the request is invalid\.$/),
    },
    {
      name: 'presigned and expired',
      prepare: (e, wire, svc) => signAs(e, wire, svc, { date: new Date(Date.now() - 60 * MINUTE), presignExpiresIn: 60 }),
      expect: byFamily(['InvalidSignatureException', 400], ['SignatureDoesNotMatch', 403], /^Request has expired$/),
    },
    {
      name: 'clock 20 minutes behind',
      prepare: (e, wire, svc) => signAs(e, wire, svc, { date: new Date(Date.now() - 20 * MINUTE) }),
      expect: byFamily(['InvalidSignatureException', 400], ['SignatureDoesNotMatch', 403], SKEW),
    },
    {
      name: 'clock 20 minutes ahead',
      prepare: (e, wire, svc) => signAs(e, wire, svc, { date: new Date(Date.now() + 20 * MINUTE) }),
      expect: byFamily(['InvalidSignatureException', 400], ['SignatureDoesNotMatch', 403], SKEW),
    },
    {
      name: 'scoped to a malformed region',
      prepare: (e, wire, svc, i) => signAs(e, wire, svc, { region: BAD_REGIONS[i % BAD_REGIONS.length] }),
      expect: byFamily(['InvalidSignatureException', 400], ['SignatureDoesNotMatch', 403], /Credential should be scoped to a valid region/),
    },
    {
      name: 'scoped to another service',
      prepare: (e, wire, svc) => signAs(e, wire, svc, { service: otherSigningName(svc, all) }),
      // A JSON request names its service (X-Amz-Target), so the scope is checked against it; an
      // awsQuery request is routed by its scope, and the other service knows no such action.
      expect: (family, svc) => family === 'json'
        ? { code: 'InvalidSignatureException', status: 400, message: new RegExp(`Credential should be scoped to correct service: '${svc.signingName}'`) }
        : { code: 'InvalidAction', status: 400, message: /The action or operation requested is invalid/ },
    },
  ];
}

const CLOCK_VARIANTS = new Set(['clock 20 minutes behind', 'clock 20 minutes ahead']);

function problemWith(reply: WireReply, want: { code: string; status: number; message: RegExp }, variant: string): string | undefined {
  const error = awsError(reply);
  if (reply.status !== want.status || error?.code !== want.code) return `got ${reply.status} ${error?.code ?? reply.body.slice(0, 120)}, want ${want.status} ${want.code}`;
  if (!want.message.test(error.message)) return `message ${JSON.stringify(error.message.slice(0, 200))} does not match ${want.message}`;
  if (CLOCK_VARIANTS.has(variant) && !isClockSkewError({ name: error.code, $metadata: {} } as never)) return `the SDKs do not read ${error.code} as clock skew`;
  return undefined;
}

describe('SigV4: every operation of every service refuses requests without a valid signature', () => {
  const { walkable, unspoken } = walkableModels();
  const all = variants(walkable);
  let berth: RunningBerth;
  let endpoint: URL;
  const agent = keepAliveAgent(16);
  let total = 0;
  const servedIds: string[] = [];
  let listedBefore: Record<string, string>;

  before(async () => {
    berth = await startBerthProcess({ args: ['--local-instance', 'false'] });
    endpoint = new URL(berth.endpoint);
    listedBefore = await listingSnapshot(endpoint, walkable, agent);
  });
  after(async () => {
    console.log(`security cases: ${total} (SigV4 refusals over ${servedIds.length} services: ${servedIds.join(', ')}; models not spoken by this suite: ${unspoken.join(', ') || 'none'})`);
    agent.destroy();
    await berth?.destroy();
  });

  for (const svc of walkable) {
    it(`${svc.id}: ${svc.operations.length} operations × ${all.length} ways of signing wrongly`, async (t) => {
      if (notRecognized(await rootCall(endpoint, svc, svc.operations[0], agent))) return t.skip(`${svc.id} is not served by this Berth`);
      servedIds.push(svc.id);
      const cases = svc.operations.flatMap((op, i) => all.map((variant) => ({ op, i, variant })));
      const failures: string[] = [];
      await inParallel(cases, 16, async ({ op, i, variant }) => {
        const wire = await variant.prepare(endpoint, operationWire(svc, op, inputFor(svc.model, op, minimalContext())), svc, i);
        const problem = problemWith(await send(endpoint, wire, agent), variant.expect(svc.family, svc), variant.name);
        if (problem) failures.push(`${op}, ${variant.name}: ${problem}`);
      });
      total += cases.length;
      t.diagnostic(`${cases.length} cases`);
      assert.deepEqual(failures.sort().slice(0, 25), [], `${failures.length} of ${cases.length} cases answered wrongly`);
    });
  }

  it('changed nothing: every List and Describe operation answers as before the walk', async () => {
    assert.ok(Object.keys(listedBefore).length > 0);
    assert.deepEqual(await listingSnapshot(endpoint, walkable, agent), listedBefore);
  });
});
