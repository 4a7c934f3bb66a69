/**
 * What IAM costs a cheap call: signed DescribeClusters replayed by a load generator
 * (autocannon, 32 connections) against a running Berth as the account root and as an IAM
 * user whose managed policy has 10 statements (the last one allows the call), and in the
 * same run against a bare node:http server answering a DescribeClusters-sized body.
 * Goal (IAM issue): the IAM user ≥ 0.9× the root.
 * Run: npx tsc -p . && node dist/bench/iam.js [seconds per run, default 5]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startBerthProcess, TEST_CREDENTIALS } from '../test/support/berth-process.js';

const REGION = 'us-east-1';
type Keys = { accessKeyId: string; secretAccessKey: string };

/** Nine statements that do not match the call, then the one that allows it. */
const TEN_STATEMENTS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    ...Array.from({ length: 9 }, (_, i) => ({ Sid: `Other${i}`, Effect: 'Allow', Action: [`ecr:Describe${i}*`, `elasticloadbalancing:Describe${i}*`], Resource: `arn:aws:ecs:${REGION}:*:cluster/team-${i}-*`, Condition: { StringEquals: { 'aws:RequestedRegion': REGION } } })),
    { Sid: 'Read', Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:List*'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ],
});

async function signedRequest(endpoint: string, credentials: Keys) {
  const url = new URL(endpoint);
  const body = JSON.stringify({ clusters: ['bench'] });
  const headers = { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeClusters' };
  const signer = new SignatureV4({ credentials, region: REGION, service: 'ecs', sha256: Sha256 });
  const req = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body }));
  return { url: `${endpoint}/`, headers: req.headers, body };
}

async function load(target: { url: string; headers: Record<string, string>; body: string }, seconds: number) {
  const r = await autocannon({ url: target.url, method: 'POST', connections: 32, duration: seconds, headers: target.headers, body: target.body });
  if (r.non2xx > 0) throw new Error(`${r.non2xx} non-2xx responses`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

function startBare(): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, [join(__dirname, 'api-target.js'), 'bare'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', (line) => {
    resolve({ endpoint: `http://127.0.0.1:${JSON.parse(line).port}`, stop: () => child.kill('SIGTERM') });
  }));
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const berth = await startBerthProcess({ args: ['--local-instance', 'false'] });
  const bare = await startBare();
  try {
    await berth.ecs(REGION).send(new CreateClusterCommand({ clusterName: 'bench' }));
    const iam = new IAMClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    await iam.send(new CreateUserCommand({ UserName: 'bench' }));
    // A managed policy: ten statements with conditions exceed an inline user policy's 2,048 characters.
    const managed = await iam.send(new CreatePolicyCommand({ PolicyName: 'ten-statements', PolicyDocument: TEN_STATEMENTS }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: managed.Policy!.Arn! }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }))).AccessKey!;
    const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    // Warm both paths (JIT, caches) before measuring.
    await load(await signedRequest(berth.endpoint, user), 1);
    const root = await load(await signedRequest(berth.endpoint, TEST_CREDENTIALS), seconds);
    const asUser = await load(await signedRequest(berth.endpoint, user), seconds);
    const base = await load(await signedRequest(bare.endpoint, TEST_CREDENTIALS), seconds);
    console.log('| caller | req/s | p99 ms | vs bare | vs root |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(`| bare node:http | ${base.rps.toFixed(0)} | ${base.p99} | 1.00 | |`);
    console.log(`| account root | ${root.rps.toFixed(0)} | ${root.p99} | ${(root.rps / base.rps).toFixed(2)} | 1.00 |`);
    console.log(`| IAM user, 10 statements | ${asUser.rps.toFixed(0)} | ${asUser.p99} | ${(asUser.rps / base.rps).toFixed(2)} | ${(asUser.rps / root.rps).toFixed(2)} (goal ≥ 0.9) |`);
  } finally {
    bare.stop();
    await berth.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
