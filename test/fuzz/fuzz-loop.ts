/**
 * The fuzz loop: for input i of a seed, an operation and a document are drawn from their
 * own random stream (so input i is the same whatever ran before it), generated valid from
 * the model, then mostly mutated (document mutations, or bytes of the body), guarded, signed
 * as the root and sent, up to `concurrency` at a time over keep-alive connections. Every
 * reply is judged; failures carry the exact body sent, so each reproduces on its own.
 */
import { Agent } from 'node:http';
import { TEST_CREDENTIALS } from '../support/berth-process.js';
import { awsError, inParallel, operationWire, send, sign, WireReply } from '../support/aws-wire.js';
import { ServedModel } from '../support/served-models.js';
import { GenContext, inputFor } from '../support/shape-values.js';
import { guard } from './guards.js';
import { alwaysInclude, hintsFor } from './hints.js';
import { mutate } from './mutate.js';
import { IdentifierPool } from './pool.js';
import { Random } from './random.js';
import { encode, mutateBody } from './wire-mutations.js';

export interface Target { svc: ServedModel; op: string; implemented: boolean }

export interface FuzzReport {
  tried: number;
  failures: string[];
  /** Replies by status code. */
  statuses: Record<number, number>;
  /** Operations that answered 200 at least once: how deep the run reached. */
  succeeded: Set<string>;
}

export interface FuzzOptions { seed: number; inputs: number; concurrency: number; agent: Agent; region: string }

// Characters, up to 3 UTF-8 bytes each, plus what a body mutation adds (a megabyte at most): under 10 MiB.
const MAX_BODY_CHARS = 2 * 1024 * 1024;

// Unimplemented operations answer 501 at once; a few inputs each show that, the rest go where code runs.
const UNIMPLEMENTED_SHARE = 0.03;

/** What is wrong with a reply, if anything: a 5xx (but the 501 of an unimplemented operation), no answer, or an error no client can read. */
function judge(target: Target, reply: WireReply): string | undefined {
  if (reply.status === 0) return `no answer: ${reply.body}`;
  const error = awsError(reply);
  if (reply.status === 501 && error?.code === 'NotImplemented' && !target.implemented) return undefined;
  if (reply.status >= 500) return `answered ${reply.status} ${error?.code ?? ''}: ${(error?.message ?? reply.body).slice(0, 300)}`;
  if (reply.status === 200) return undefined;
  const framed = target.svc.family === 'json' ? reply.body.trimStart().startsWith('{') : reply.body.trimStart().startsWith('<ErrorResponse');
  if (!error || !framed) return `answered ${reply.status} with an error a ${target.svc.family} client cannot read: ${reply.body.slice(0, 200)}`;
  return undefined;
}

interface Input { target: Target; body: string | Buffer; notes: string[] }

function draw(i: number, root: Random, targets: { implemented: Target[]; unimplemented: Target[] }, pool: IdentifierPool): Input {
  const rnd = root.fork(i);
  const list = targets.unimplemented.length && rnd.chance(UNIMPLEMENTED_SHARE) ? targets.unimplemented : targets.implemented;
  const target = rnd.pick(list);
  const { svc, op } = target;
  rnd.known = (member) => [...pool.offer(svc.id, member, rnd), ...hintsFor(member, rnd)];
  // Few optional members make creates that pass; many make inputs that reach deep into the handlers.
  const ctx: GenContext = { chooser: rnd, now: new Date(), optionalDepth: 4, optionalChance: rnd.pick([0.1, 0.3, 0.5]), include: alwaysInclude };
  const doc = inputFor(svc.model, op, ctx);
  const original = structuredClone(doc);
  const roll = rnd.next();
  // A quarter valid, most mutated as documents, the rest mutated as bytes.
  const notes = roll < 0.25 ? ['valid'] : roll < 0.85 ? mutate(svc.model, svc.model.operations[op].input, doc, rnd, rnd.int(1, 3)) : [];
  guard(svc.id, op, doc);
  let body: string | Buffer = encode(svc.family, svc.model, op, doc);
  // Past the edge's 10 MiB cap a body is refused unread and its connection closed while it is
  // still being sent (hostile-requests.test.ts covers that): the fuzzer stays within the cap.
  if (body.length > MAX_BODY_CHARS) {
    guard(svc.id, op, original);
    body = encode(svc.family, svc.model, op, original);
    notes.push('mutations past the body cap dropped');
  }
  if (roll >= 0.85) {
    const raw = mutateBody(svc.family, body, rnd, op);
    body = raw.body;
    notes.push(raw.note);
  }
  return { target, body, notes };
}

function describeFailure(input: Input, problem: string): string {
  const body = Buffer.isBuffer(input.body) ? `(bytes, base64) ${input.body.toString('base64').slice(0, 400)}` : input.body.length > 400 ? `${input.body.slice(0, 400)}…(${input.body.length} chars)` : input.body;
  return `${input.target.svc.id} ${input.target.op} [${input.notes.join('; ')}]: ${problem}\n    body: ${body}`;
}

export async function fuzz(endpoint: URL, all: Target[], o: FuzzOptions): Promise<FuzzReport> {
  const root = new Random(o.seed);
  const pool = new IdentifierPool(root.fork(-1));
  const targets = { implemented: all.filter((t) => t.implemented), unimplemented: all.filter((t) => !t.implemented) };
  const report: FuzzReport = { tried: 0, failures: [], statuses: {}, succeeded: new Set() };
  const indexes = Array.from({ length: o.inputs }, (_, i) => i);
  await inParallel(indexes, o.concurrency, async (i) => {
    const input = draw(i, root, targets, pool);
    const { svc, op } = input.target;
    const wire = { ...operationWire(svc, op, ''), body: input.body };
    const reply = await send(endpoint, await sign(endpoint, wire, { credentials: TEST_CREDENTIALS, region: o.region, service: svc.signingName }), o.agent);
    report.tried++;
    report.statuses[reply.status] = (report.statuses[reply.status] ?? 0) + 1;
    const problem = judge(input.target, reply);
    if (problem) report.failures.push(describeFailure(input, problem));
    if (reply.status === 200) {
      report.succeeded.add(`${svc.id} ${op}`);
      pool.learn(svc.id, reply.body);
    }
  });
  return report;
}
