/**
 * IAM on every operation of every service, over the wire: an IAM user with an access key
 * and no policy is refused every operation (but those AWS lets anyone call) with AWS's
 * access-denied error naming the user and the action; an explicit Deny beats an Allow of
 * everything, on every operation and for a single action. Inputs are each operation's
 * minimal valid input, because parse-and-validate runs before authorize.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { iamActionFor, needsNoPermission } from '../../src/iam/actions.js';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { awsError, inParallel, keepAliveAgent, Keys, operationWire, send, sign, WireReply } from '../support/aws-wire.js';
import { ServedModel, walkableModels } from '../support/served-models.js';
import { inputFor, minimalContext } from '../support/shape-values.js';
import { listOperations, notRecognized, rootCall } from '../support/listing-snapshot.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The action the authorize step names for an operation, and whether AWS lets anyone call it.
 * The IAM prefix is the signing name, or (CloudWatch signs as "monitoring") the service id.
 */
function actionOf(svc: ServedModel, op: string): { action: string; open: boolean } {
  const found = iamActionFor(svc.signingName, op) ?? iamActionFor(svc.model.metadata.serviceId.toLowerCase(), op);
  return { action: found?.action ?? `${svc.signingName}:${op}`, open: found ? needsNoPermission(found) : false };
}

function deniedProblem(reply: WireReply, svc: ServedModel, userArn: string, action: string, why: string): string | undefined {
  const [code, status] = svc.family === 'json' ? ['AccessDeniedException', 400] : ['AccessDenied', 403];
  const error = awsError(reply);
  if (reply.status !== status || error?.code !== code) return `got ${reply.status} ${error?.code ?? reply.body.slice(0, 150)}: ${error?.message.slice(0, 200) ?? ''}`;
  const want = new RegExp(`^User: ${escape(userArn)} is not authorized to perform: ${escape(action)} on resource: \\S+ ${why}$`);
  return want.test(error.message) ? undefined : `message ${JSON.stringify(error.message)} does not match ${want}`;
}

interface Tally { denied: number; unimplemented: number; open: number }

describe('IAM: principals are refused what their policies do not allow, on every operation', () => {
  const { walkable } = walkableModels();
  let berth: RunningBerth;
  let endpoint: URL;
  const agent = keepAliveAgent(16);
  let served: ServedModel[] = [];
  const users: Record<string, Keys> = {};
  let total = 0;

  async function user(iam: IAMClient, name: string, document?: string): Promise<void> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (document) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'access', PolicyDocument: document }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    users[name] = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  }

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--local-instance', 'false'] });
    endpoint = new URL(berth.endpoint);
    for (const svc of walkable) if (!notRecognized(await rootCall(endpoint, svc, svc.operations[0], agent))) served.push(svc);
    const iam = new IAMClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await user(iam, 'nobody');
    const everything = { Effect: 'Allow', Action: '*', Resource: '*' };
    const prefixes = new Set(served.map((s) => actionOf(s, s.operations[0]).action.split(':')[0]));
    await user(iam, 'denied-all', policy(everything, { Effect: 'Deny', Action: [...prefixes].map((p) => `${p}:*`), Resource: '*' }));
  });
  after(async () => {
    console.log(`security cases: ${total} (IAM denials over ${served.map((s) => s.id).join(', ')})`);
    agent.destroy();
    await berth?.destroy();
  });

  const call = async (svc: ServedModel, op: string, as: string) => {
    const wire = operationWire(svc, op, inputFor(svc.model, op, minimalContext()));
    return send(endpoint, await sign(endpoint, wire, { credentials: users[as], region: REGION, service: svc.signingName }), agent);
  };

  /** Every operation as `as`: refused with `why`, 501 when unimplemented, allowed when AWS lets anyone call it. */
  async function walk(as: string, why: (action: string) => string): Promise<{ tally: Tally; failures: string[] }> {
    const userArn = `arn:aws:iam::${ACCOUNT}:user/${as}`;
    const tally: Tally = { denied: 0, unimplemented: 0, open: 0 };
    const failures: string[] = [];
    const cases = served.flatMap((svc) => svc.operations.map((op) => ({ svc, op })));
    await inParallel(cases, 16, async ({ svc, op }) => {
      const reply = await call(svc, op, as);
      const { action, open } = actionOf(svc, op);
      if (reply.status === 501 && awsError(reply)?.code === 'NotImplemented') tally.unimplemented++;
      else if (open) {
        tally.open++;
        if (reply.status !== 200) failures.push(`${svc.id} ${op} (${action} needs no permission): got ${reply.status} ${reply.body.slice(0, 200)}`);
        else if (op === 'GetCallerIdentity' && !reply.body.includes(`<Arn>${userArn}</Arn>`)) failures.push(`GetCallerIdentity does not name ${userArn}`);
      } else {
        tally.denied++;
        const problem = deniedProblem(reply, svc, userArn, action, why(action));
        if (problem) failures.push(`${svc.id} ${op}: ${problem}`);
      }
    });
    total += cases.length;
    return { tally, failures };
  }

  it('a user with no policy is refused every operation, naming the user and the action', async (t) => {
    const { tally, failures } = await walk('nobody', (action) => `because no identity-based policy allows the ${escape(action)} action`);
    t.diagnostic(`${tally.denied} refused, ${tally.open} open to anyone, ${tally.unimplemented} unimplemented (501 before authorization)`);
    assert.ok(tally.denied > 0 && tally.open > 0, JSON.stringify(tally));
    assert.deepEqual(failures.sort().slice(0, 30), [], `${failures.length} operations answered wrongly`);
  });

  it('an explicit Deny of every service beats an Allow of everything, on every operation', async (t) => {
    const { tally, failures } = await walk('denied-all', () => 'with an explicit deny in an identity-based policy');
    t.diagnostic(`${tally.denied} refused by the explicit deny, ${tally.open} open to anyone`);
    assert.deepEqual(failures.sort().slice(0, 30), [], `${failures.length} operations answered wrongly`);
  });

  /** Each service's input-less listings the root may call; the Allow of everything must grant them too. */
  async function rootListings(): Promise<{ svc: ServedModel; ops: string[] }[]> {
    const out = [];
    for (const svc of served) {
      const ops = [];
      for (const op of listOperations(svc)) if ((await rootCall(endpoint, svc, op, agent)).status === 200) ops.push(op);
      if (ops.length > 1) out.push({ svc, ops });
    }
    return out;
  }

  it('a Deny of one action per service refuses only it: the Allow of everything grants the other listings', async () => {
    const lists = await rootListings();
    const deniedOps = lists.map(({ svc, ops }) => ({ svc, op: ops[0] }));
    const iam = new IAMClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const deny = { Effect: 'Deny', Action: deniedOps.map(({ svc, op }) => actionOf(svc, op).action), Resource: '*' };
    await user(iam, 'denied-one', policy({ Effect: 'Allow', Action: '*', Resource: '*' }, deny));
    const failures: string[] = [];
    let allowed = 0;
    for (const { svc, ops } of lists) {
      for (const [i, op] of ops.entries()) {
        const reply = await call(svc, op, 'denied-one');
        total++;
        if (i === 0) {
          const problem = deniedProblem(reply, svc, `arn:aws:iam::${ACCOUNT}:user/denied-one`, actionOf(svc, op).action, 'with an explicit deny in an identity-based policy');
          if (problem) failures.push(`${svc.id} ${op}: ${problem}`);
        } else if (reply.status === 200) allowed++;
        else failures.push(`${svc.id} ${op} should be allowed: ${reply.status} ${reply.body.slice(0, 200)}`);
      }
    }
    assert.ok(allowed >= lists.length, `only ${allowed} listings allowed`);
    assert.deepEqual(failures, []);
  });
});
