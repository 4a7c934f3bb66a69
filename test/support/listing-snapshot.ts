/**
 * What the model walks share: root calls with minimal inputs, telling a service Berth does
 * not serve from one that refused, and a snapshot of what every service lists (to show a
 * walk changed nothing, or a restart lost nothing).
 */
import { Agent } from 'node:http';
import { TEST_CREDENTIALS } from './berth-process.js';
import { awsError, operationWire, send, sign, WireReply } from './aws-wire.js';
import { ServedModel } from './served-models.js';
import { inputFor, minimalContext } from './shape-values.js';

/** The edge's answer to a request no service claims. */
export function notRecognized(reply: WireReply): boolean {
  const e = awsError(reply);
  return e?.code === 'UnknownOperationException' && /service or operation is not recognized/.test(e.message);
}

/** List and Describe operations that need no input: what a service holds, without knowing its resources. */
export function listOperations(svc: ServedModel): string[] {
  return svc.operations.filter((op) => {
    const input = svc.model.operations[op].input;
    return /^(List|Describe)/.test(op) && !(input && svc.model.shapes[input].required?.length);
  });
}

/** A root call of `op` with its minimal input. */
export async function rootCall(endpoint: URL, svc: ServedModel, op: string, agent: Agent, input?: unknown): Promise<WireReply> {
  const wire = operationWire(svc, op, input ?? inputFor(svc.model, op, minimalContext()));
  return send(endpoint, await sign(endpoint, wire, { credentials: TEST_CREDENTIALS, region: 'us-east-1', service: svc.signingName }), agent);
}

/** Request ids differ per call; everything else a list answers must stay the same. */
const normalise = (body: string) => body.replace(/<RequestId>[^<]*<\/RequestId>/g, '');

/**
 * The answer of every input-less List/Describe operation of every served service, keyed
 * `<service> <operation>` (unimplemented ones and services Berth does not serve left out).
 */
export async function listingSnapshot(endpoint: URL, walkable: ServedModel[], agent: Agent): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const svc of walkable) {
    for (const op of listOperations(svc)) {
      const reply = await rootCall(endpoint, svc, op, agent);
      if (reply.status === 501 || notRecognized(reply)) continue;
      out[`${svc.id} ${op}`] = `${reply.status} ${normalise(reply.body)}`;
    }
  }
  return out;
}
