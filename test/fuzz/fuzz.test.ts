/**
 * Fuzzes every operation of ECS, ECR (and ECR Public), ELBv2, IAM, STS, SSM, Secrets Manager,
 * KMS and Application Auto Scaling on a running Berth with inputs generated from the models and mutated (see
 * fuzz-loop.ts), signed as the root. Berth must never answer 5xx (but 501 for unimplemented
 * operations), never stop answering, and keep a consistent state: afterwards every listing
 * that answered before still answers, every listed resource can be described and what
 * refers to another resource finds it, and a restart on the same data dir shows the same
 * resources. FUZZ_SEED repeats a run's inputs; FUZZ_INPUTS sets how many (default 20,000).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { awsError, keepAliveAgent } from '../support/aws-wire.js';
import { listOperations, notRecognized, rootCall } from '../support/listing-snapshot.js';
import { ServedModel, walkableModels } from '../support/served-models.js';
import { fuzz, Target } from './fuzz-loop.js';
import { Inspector, StateView } from './inspector.js';
import { inspectEcr, inspectEcs, inspectElbv2 } from './inspect-containers.js';
import { inspectIam, inspectKms, inspectSecrets, inspectSsm } from './inspect-identity.js';
import { seedFromEnv } from './random.js';

// Opt-in rather than every model found: a new service may reach out to the network, which a fuzzer must not make it do.
const FUZZED = ['ecs', 'ecr', 'ecr-public', 'elbv2', 'iam', 'sts', 'ssm', 'secretsmanager', 'kms', 'application-autoscaling', 'cloudwatch', 'logs'];
const REGION = 'us-east-1';
const SEED = seedFromEnv();
const INPUTS = Number(process.env.FUZZ_INPUTS ?? 20_000);
const ARGS = ['--local-instance', 'false'];

async function inspect(endpoint: string): Promise<StateView> {
  const opts = { endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const ins = new Inspector();
  await inspectEcs(new ECSClient(opts), ins);
  await inspectEcr(new ECRClient(opts), ins);
  await inspectElbv2(new ElasticLoadBalancingV2Client(opts), ins);
  await inspectIam(new IAMClient(opts), ins);
  await inspectKms(new KMSClient(opts), ins);
  await inspectSsm(new SSMClient(opts), ins);
  await inspectSecrets(new SecretsManagerClient(opts), ins);
  return ins.view();
}

/**
 * The input-less listings that answer 200 now. ECS's list the default cluster, which the
 * fuzzer may have deleted (as it may): it is made again first, so what is compared is the
 * listings, not whether the fuzzer happened to delete it.
 */
async function answeringListings(endpoint: URL, services: ServedModel[], agent: ReturnType<typeof keepAliveAgent>): Promise<string[]> {
  const ecs = services.find((s) => s.id === 'ecs');
  if (ecs) await rootCall(endpoint, ecs, 'CreateCluster', agent, {});
  const out: string[] = [];
  for (const svc of services) for (const op of listOperations(svc)) if ((await rootCall(endpoint, svc, op, agent)).status === 200) out.push(`${svc.id} ${op}`);
  return out;
}

describe(`fuzzing every operation from the models (seed ${SEED}, FUZZ_SEED=${SEED} repeats it)`, () => {
  const services = walkableModels().walkable.filter((s) => FUZZED.includes(s.id));
  const agent = keepAliveAgent(16);
  let berth: RunningBerth;
  let endpoint: URL;
  const targets: Target[] = [];
  let listingsBefore: string[] = [];
  let afterRun: StateView | undefined;

  before(async () => {
    berth = await startBerthProcess({ args: ARGS });
    endpoint = new URL(berth.endpoint);
    for (const svc of services) {
      if (notRecognized(await rootCall(endpoint, svc, svc.operations[0], agent))) continue;
      for (const op of svc.operations) {
        const reply = await rootCall(endpoint, svc, op, agent);
        targets.push({ svc, op, implemented: !(reply.status === 501 && awsError(reply)?.code === 'NotImplemented') });
      }
    }
    listingsBefore = await answeringListings(endpoint, services, agent);
  });
  after(async () => {
    agent.destroy();
    await berth?.destroy();
  });

  it(`answers ${INPUTS} generated and mutated inputs without a 5xx or a dropped connection`, async (t) => {
    const started = Date.now();
    const report = await fuzz(endpoint, targets, { seed: SEED, inputs: INPUTS, concurrency: 16, agent, region: REGION });
    const seconds = (Date.now() - started) / 1000;
    const implemented = targets.filter((x) => x.implemented).length;
    console.log(`fuzz inputs: ${report.tried} in ${seconds.toFixed(1)} s (seed ${SEED}); replies by status ${JSON.stringify(report.statuses)}; ` +
      `${report.succeeded.size} of ${implemented} implemented operations answered 200 at least once (${targets.length - implemented} unimplemented)`);
    t.diagnostic(`seed ${SEED}`);
    const never = targets.filter((x) => x.implemented && !report.succeeded.has(`${x.svc.id} ${x.op}`)).map((x) => `${x.svc.id} ${x.op}`);
    t.diagnostic(`implemented operations no input reached success in: ${never.join(', ')}`);
    if (report.failures.length) console.log(`fuzz failures (FUZZ_SEED=${SEED}):\n${report.failures.join('\n')}`);
    assert.equal(report.tried, INPUTS);
    assert.deepEqual(report.failures.slice(0, 10), [], `${report.failures.length} inputs answered wrongly (seed ${SEED})`);
  });

  it('still answers its health check, from the same process, having logged no error', async () => {
    assert.equal(berth.process.exitCode, null, 'the Berth process exited');
    assert.equal((await fetch(`${berth.endpoint}/_berth/health`)).status, 200);
    // Background work (load balancer reloads, registry maintenance, controllers) fails only in the log.
    assert.deepEqual(berth.output().split('\n').filter((l) => /^\S+ ERROR /.test(l)), []);
  });

  it('still answers every listing that answered before the run, and every listed resource reads back consistently', async (t) => {
    const now = await answeringListings(endpoint, services, agent);
    assert.deepEqual(listingsBefore.filter((l) => !now.includes(l)), [], 'listings that stopped answering 200');
    afterRun = await inspect(berth.endpoint);
    const counts = Object.entries(afterRun.ids).map(([k, v]) => `${v.length} ${k}`).join(', ');
    t.diagnostic(`after the run: ${counts}`);
    assert.deepEqual(afterRun.problems, []);
  });

  it('restarts on the same data dir with the same resources', async () => {
    afterRun ??= await inspect(berth.endpoint);
    const { dataDir } = berth;
    await berth.stop();
    berth = await startBerthProcess({ dataDir, args: ARGS });
    endpoint = new URL(berth.endpoint);
    const restarted = await inspect(berth.endpoint);
    assert.deepEqual(restarted.problems, []);
    assert.deepEqual(restarted.ids, afterRun.ids);
    const now = await answeringListings(endpoint, services, agent);
    assert.deepEqual(listingsBefore.filter((l) => !now.includes(l)), []);
  });
});
