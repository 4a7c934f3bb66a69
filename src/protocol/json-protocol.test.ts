/**
 * JsonProtocol against the official SDK serializers, without a network: requests the
 * SDK builds parse back to the command input, and responses/errors we write come out
 * of the SDK's deserializer as the SDK's own types.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpRequest } from '@smithy/protocol-http';
import {
  ClusterNotFoundException, ConflictException, DescribeTasksCommand, DescribeTasksCommandInput, ECSClient, ECSServiceException,
  RegisterTaskDefinitionCommand, RegisterTaskDefinitionCommandInput, RunTaskCommand, RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import { JsonProtocol } from './json-protocol.js';
import { offlineClientConfig } from './offline-sdk.js';
import { loadModel } from './model.js';
import { ServiceError } from './errors.js';
import { WireRequest, WireResponse } from './protocol.js';

const model = loadModel('ecs');
const protocol = new JsonProtocol('InvalidParameterException');

/** An ECS client whose "network" records the request and answers with `reply`. */
function offlineClient(reply: WireResponse = { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }) {
  const { config, sent } = offlineClientConfig(() => reply, { 'x-amzn-requestid': 'req-1' });
  return { client: new ECSClient(config), sent };
}

/** The SDK's HttpRequest as the gateway would hand it to the protocol. */
function toWire(request: HttpRequest): WireRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  const distinct = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  const raw = request.body as Uint8Array | string | undefined;
  // Copy the bytes: Buffer.from(view) would call the SDK body adapter's string methods.
  const body = raw === undefined ? Buffer.alloc(0) : typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { method: request.method, path: request.path, query: '', headers, headersDistinct: distinct, body };
}

async function roundTrip(command: RunTaskCommand | RegisterTaskDefinitionCommand | DescribeTasksCommand, operation: string): Promise<unknown> {
  const { client, sent } = offlineClient();
  await client.send(command as any);
  assert.equal(sent.length, 1);
  const wire = toWire(sent[0]);
  assert.equal(wire.method, 'POST');
  assert.equal(protocol.operationName(wire, model), operation);
  return protocol.parseInput(wire, model, operation);
}

describe('JsonProtocol.parseInput reads what the SDK serializes', () => {
  it('RunTask with nested overrides, network configuration, tags and a false boolean', async () => {
    const input: RunTaskCommandInput = {
      cluster: 'arn:aws:ecs:us-east-1:000000000000:cluster/web',
      taskDefinition: 'web:3',
      count: 2,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      enableExecuteCommand: false,
      startedBy: 'ci/job_1',
      group: 'family:web',
      clientToken: 'token-123',
      propagateTags: 'TASK_DEFINITION',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: [], assignPublicIp: 'ENABLED' } },
      overrides: {
        cpu: '512',
        memory: '1024',
        containerOverrides: [{ name: 'app', command: ['sh', '-c', 'echo "hi" && exit 0'], environment: [{ name: 'A', value: '' }, { name: 'Ü', value: 'ß/€' }], cpu: 0, memory: 128 }],
        ephemeralStorage: { sizeInGiB: 21 },
      },
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }],
      tags: [{ key: 'team', value: 'a' }],
    };
    assert.deepEqual(await roundTrip(new RunTaskCommand(input), 'RunTask'), input);
  });

  it('RegisterTaskDefinition with nested container definitions and string maps', async () => {
    const input: RegisterTaskDefinitionCommandInput = {
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE', 'EC2'],
      cpu: '1 vCPU',
      memory: '2 GB',
      executionRoleArn: 'arn:aws:iam::000000000000:role/exec',
      containerDefinitions: [
        {
          name: 'app',
          image: 'berth-test/busybox:1',
          cpu: 0,
          memory: 256,
          essential: true,
          command: ['httpd', '-f'],
          portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http' }],
          environment: [{ name: 'MODE', value: 'prod' }],
          dockerLabels: { 'com.example.team': 'web', empty: '' },
          healthCheck: { command: ['CMD-SHELL', 'wget -q -O- localhost:8080'], interval: 10, retries: 3 },
          logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
          linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: [] }, initProcessEnabled: true },
          ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
          dependsOn: [{ containerName: 'sidecar', condition: 'START' }],
          readonlyRootFilesystem: false,
        },
        { name: 'sidecar', image: 'berth-test/busybox:1', essential: false, mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: true }] },
      ],
      volumes: [
        { name: 'data', host: { sourcePath: '/tmp/data' } },
        { name: 'cache', dockerVolumeConfiguration: { scope: 'task', driver: 'local', driverOpts: {}, labels: { a: 'b' } } },
      ],
      tags: [{ key: 'k', value: 'v' }],
    };
    assert.deepEqual(await roundTrip(new RegisterTaskDefinitionCommand(input), 'RegisterTaskDefinition'), input);
  });

  it('DescribeTasks with ids, ARNs and include', async () => {
    const input: DescribeTasksCommandInput = {
      cluster: 'web',
      tasks: ['0123456789abcdef0123456789abcdef', 'arn:aws:ecs:us-east-1:000000000000:task/web/fedcba9876543210fedcba9876543210'],
      include: ['TAGS'],
    };
    assert.deepEqual(await roundTrip(new DescribeTasksCommand(input), 'DescribeTasks'), input);
  });

  it('reports a type the SDK would never send as SerializationException and a missing member in AWS wording', async () => {
    const { client, sent } = offlineClient();
    await client.send(new DescribeTasksCommand({ tasks: ['t'] }));
    const wire = toWire(sent[0]);
    const parse = (body: string) => protocol.parseInput({ ...wire, body: Buffer.from(body) }, model, 'DescribeTasks');
    assert.throws(() => parse('{"tasks":"t"}'), (e: unknown) => e instanceof ServiceError && e.code === 'SerializationException' && e.status === 400);
    assert.throws(() => parse('{}'), {
      code: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'tasks' failed to satisfy constraint: Member must not be null",
    });
  });
});

describe('JsonProtocol output and errors read by the SDK', () => {
  const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
  const started = '2024-01-02T03:04:09.250Z';
  const stored = {
    tasks: [{
      taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/web/0123456789abcdef0123456789abcdef',
      lastStatus: 'RUNNING',
      createdAt: created,
      startedAt: started,
      enableExecuteCommand: false,
      containers: [{ name: 'app', exitCode: 0, networkBindings: [{ containerPort: 80, hostPort: 49153 }], berth: { dockerId: 'internal-container-id' } }],
      tags: [{ key: 'k', value: 'v' }],
      berth: { family: 'web', internal: true },
      version: 3,
    }],
    failures: [{ arn: 'missing', reason: 'MISSING' }],
    berth: { cursor: 'do-not-leak' },
  };

  it('writes epoch-second timestamps and only modelled members (Berth keeps its own under `berth`)', () => {
    const res = protocol.writeOutput(model, 'DescribeTasks', stored);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/x-amz-json-1.1');
    const doc = JSON.parse(String(res.body));
    assert.equal(doc.tasks[0].createdAt, created.getTime() / 1000);
    assert.equal(doc.tasks[0].startedAt, Date.parse(started) / 1000);
    assert.equal(doc.tasks[0].berth, undefined);
    assert.equal(doc.tasks[0].containers[0].berth, undefined);
    assert.equal(doc.berth, undefined);
    assert.equal(doc.tasks[0].version, 3);
  });

  it('DescribeTasks output comes back from the SDK with Dates and no internal fields', async () => {
    const { client } = offlineClient(protocol.writeOutput(model, 'DescribeTasks', stored));
    const out = await client.send(new DescribeTasksCommand({ tasks: ['t'] }));
    const task = out.tasks![0] as Record<string, unknown>;
    assert.ok(task.createdAt instanceof Date);
    assert.equal((task.createdAt as Date).getTime(), created.getTime());
    assert.ok(task.startedAt instanceof Date);
    assert.equal((task.startedAt as Date).toISOString(), started);
    assert.equal(task.enableExecuteCommand, false);
    assert.equal(task.version, 3);
    assert.deepEqual(task.tags, [{ key: 'k', value: 'v' }]);
    assert.deepEqual(out.tasks![0].containers, [{ name: 'app', exitCode: 0, networkBindings: [{ containerPort: 80, hostPort: 49153 }] }]);
    assert.ok(!('berth' in task));
    assert.deepEqual(out.failures, [{ arn: 'missing', reason: 'MISSING' }]);
    assert.equal(out.$metadata.requestId, 'req-1');
  });

  it('writeError becomes the modelled exception class with its message', async () => {
    const { client } = offlineClient(protocol.writeError(model, new ServiceError('ClusterNotFoundException', 'Cluster not found.')));
    const err = await client.send(new DescribeTasksCommand({ cluster: 'nope', tasks: ['t'] })).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ClusterNotFoundException, `got ${String(err)}`);
    assert.equal(err.name, 'ClusterNotFoundException');
    assert.equal(err.message, 'Cluster not found.');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$fault, 'client');
  });

  it('writeError carries extra error members (ConflictException.resourceIds) and unmodelled codes', async () => {
    const conflict = offlineClient(protocol.writeError(model, new ServiceError('ConflictException', 'token reused', 400, { resourceIds: ['a', 'b'] })));
    const err = await conflict.client.send(new RunTaskCommand({ taskDefinition: 'x' })).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ConflictException, `got ${String(err)}`);
    assert.deepEqual(err.resourceIds, ['a', 'b']);
    assert.equal(err.message, 'token reused');

    const ni = offlineClient(protocol.writeError(model, new ServiceError('NotImplemented', 'Berth does not implement ECS operation CreateService yet.', 501)));
    const err2 = await ni.client.send(new RunTaskCommand({ taskDefinition: 'x' })).then(() => undefined, (e: unknown) => e);
    assert.ok(err2 instanceof ECSServiceException, `got ${String(err2)}`);
    assert.equal(err2.name, 'NotImplemented');
    assert.equal(err2.$metadata.httpStatusCode, 501);
    assert.match(err2.message, /CreateService/);
  });
});

describe('JsonProtocol refuses bodies with more structure than any AWS request needs, before parsing them', () => {
  const wire = (body: string): WireRequest => ({
    method: 'POST', path: '/', query: '', body: Buffer.from(body), headersDistinct: {},
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeTasks' },
  });
  const failure = (body: string) => {
    try { protocol.parseInput(wire(body), model, 'DescribeTasks'); return undefined; } catch (e) { return e as ServiceError; }
  };

  it('a million-deep nesting and 600,000 tiny elements are SerializationException', () => {
    for (const body of ['['.repeat(1_000_000), `{"tasks":[${'"a",'.repeat(600_000)}"a"]}`]) {
      const e = failure(body);
      assert.equal(e?.code, 'SerializationException');
      assert.match(e!.message, /at most 100000 JSON elements/);
    }
  });

  it('a long list past the model max is reported by its length, with the value cut short in the message', () => {
    const ecr = loadModel('ecr');
    const body = JSON.stringify({ repositoryName: 'r', imageIds: Array.from({ length: 5000 }, (_v, i) => ({ imageTag: `tag-${i}` })) });
    let e: ServiceError | undefined;
    try { protocol.parseInput(wire(body), ecr, 'BatchGetImage'); } catch (err) { e = err as ServiceError; }
    assert.equal(e?.code, 'InvalidParameterException');
    assert.match(e!.message, /Member must have length less than or equal to 100/);
    assert.ok(e!.message.length < 1000, `message of ${e!.message.length} characters`);
  });

  it('one large string (an ECR layer part) is not limited by the element budget', () => {
    assert.equal(failure(JSON.stringify({ cluster: 'x'.repeat(5_000_000), tasks: ['a'] })), undefined);
  });
});
