/**
 * QueryProtocol against the official ELBv2 SDK serializers, without a network: requests
 * the SDK builds parse back to the command input, and XML we write comes out of the SDK's
 * deserializer as its own types and exception classes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpRequest } from '@smithy/protocol-http';
import {
  CreateRuleCommand, CreateRuleCommandInput, CreateTargetGroupCommand, CreateTargetGroupCommandInput, DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, ElasticLoadBalancingV2ServiceException, LoadBalancerNotFoundException,
  ModifyLoadBalancerAttributesCommand, PriorityInUseException, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { QueryProtocol } from './query-protocol.js';
import { offlineClientConfig } from './offline-sdk.js';
import { loadModel } from './model.js';
import { ServiceError } from './errors.js';
import { WireRequest, WireResponse } from './protocol.js';

const model = loadModel('elbv2');
const protocol = new QueryProtocol('ValidationError');

function offlineClient(reply?: WireResponse) {
  const { config, sent } = offlineClientConfig(() => reply ?? protocol.writeOutput(model, 'DescribeLoadBalancers', {}, 'req-1'));
  return { client: new ElasticLoadBalancingV2Client(config), sent };
}

function toWire(request: HttpRequest): WireRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  const raw = request.body as Uint8Array | string | undefined;
  const body = raw === undefined ? Buffer.alloc(0) : typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { method: request.method, path: request.path, query: '', headers, headersDistinct: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), body };
}

async function roundTrip(command: { input: unknown }, operation: string): Promise<unknown> {
  const { client, sent } = offlineClient();
  await client.send(command as any).catch(() => undefined);
  const wire = toWire(sent[0]);
  assert.ok(protocol.accepts(wire));
  assert.equal(protocol.operationName(wire), operation);
  return protocol.parseInput(wire, model, operation);
}

describe('QueryProtocol.parseInput reads what the SDK serializes', () => {
  it('CreateTargetGroup: integers, booleans, nested structure, list of tags', async () => {
    const input: CreateTargetGroupCommandInput = {
      Name: 'web', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0', HealthCheckEnabled: false, HealthCheckPath: '/health?x=a b&c=ü',
      HealthCheckIntervalSeconds: 10, Matcher: { HttpCode: '200-299' }, TargetType: 'ip', Tags: [{ Key: 'team', Value: 'a=b c/d+e' }, { Key: 'empty', Value: '' }],
    };
    assert.deepEqual(await roundTrip(new CreateTargetGroupCommand(input), 'CreateTargetGroup'), input);
  });

  it('CreateRule: lists of structures with nested lists, weighted forward config', async () => {
    const input: CreateRuleCommandInput = {
      ListenerArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/web/0123456789abcdef/0123456789abcdef',
      Priority: 7,
      Conditions: [
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*', '/v?/x'] } },
        { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['blue'] } },
        { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'a', Value: '1' }, { Value: '*x*' }] } },
      ],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'arn:a', Weight: 3 }, { TargetGroupArn: 'arn:b', Weight: 0 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } } }],
    };
    assert.deepEqual(await roundTrip(new CreateRuleCommand(input), 'CreateRule'), input);
  });

  it('an empty list and a request without optional members', async () => {
    assert.deepEqual(await roundTrip(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: 'arn:x', Attributes: [] }), 'ModifyLoadBalancerAttributes'), { LoadBalancerArn: 'arn:x', Attributes: [] });
    assert.deepEqual(await roundTrip(new DescribeLoadBalancersCommand({}), 'DescribeLoadBalancers'), {});
  });

  it('reports missing members and bad values as ValidationError in AWS wording', async () => {
    const { client, sent } = offlineClient();
    await client.send(new RegisterTargetsCommand({ TargetGroupArn: 'arn:x', Targets: [{ Id: 'i-1', Port: 80 }] })).catch(() => undefined);
    const wire = toWire(sent[0]);
    const parse = (body: string) => protocol.parseInput({ ...wire, body: Buffer.from(body) }, model, 'RegisterTargets');
    assert.throws(() => parse('Action=RegisterTargets&Version=2015-12-01&Targets.member.1.Id=i-1'), {
      code: 'ValidationError',
      message: "1 validation error detected: Value null at 'TargetGroupArn' failed to satisfy constraint: Member must not be null",
    });
    assert.throws(() => parse('Action=RegisterTargets&TargetGroupArn=a&Targets.member.1.Id=i-1&Targets.member.1.Port=99999'), (e: unknown) =>
      e instanceof ServiceError && e.code === 'ValidationError' && /less than or equal to 65535/.test(e.message));
    assert.throws(() => parse('Action=RegisterTargets&TargetGroupArn=a&Targets.member.1.Id=i-1&Targets.member.1.Port=eighty'), { code: 'ValidationError' });
  });

  it('accepts GET query strings with Action and reads maps as entry.N.key/value', () => {
    const wire: WireRequest = { method: 'GET', path: '/', query: 'Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.1=web&PageSize=5', headers: {}, headersDistinct: {}, body: Buffer.alloc(0) };
    assert.ok(protocol.accepts(wire));
    assert.deepEqual(protocol.parseInput(wire, model, 'DescribeLoadBalancers'), { Names: ['web'], PageSize: 5 });
  });
});

describe('QueryProtocol output and errors read by the SDK', () => {
  it('DescribeTargetHealth: nested lists, escaping, only modelled members, request id', async () => {
    const reply = protocol.writeOutput(model, 'DescribeTargetHealth', {
      TargetHealthDescriptions: [{ Target: { Id: 'i-0123456789abcdef0', Port: 80 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'codes: [500] <&> "q"' }, berth: { internal: 'x' } }],
    }, 'req-42');
    assert.match(String(reply.body), /^<DescribeTargetHealthResponse xmlns="http:\/\/elasticloadbalancing.amazonaws.com\/doc\/2015-12-01\/"><DescribeTargetHealthResult>/);
    assert.ok(!String(reply.body).includes('internal'));
    const { client } = offlineClient(reply);
    const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'arn:x' }));
    assert.deepEqual(out.TargetHealthDescriptions, [{ Target: { Id: 'i-0123456789abcdef0', Port: 80 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'codes: [500] <&> "q"' } }]);
    assert.match(String(reply.body), /<ResponseMetadata><RequestId>req-42<\/RequestId><\/ResponseMetadata><\/DescribeTargetHealthResponse>$/);
  });

  it('timestamps are ISO 8601 and come back as Dates; empty lists stay lists', async () => {
    const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    const { client } = offlineClient(protocol.writeOutput(model, 'DescribeLoadBalancers', {
      LoadBalancers: [{ LoadBalancerName: 'web', CreatedTime: created.toISOString(), AvailabilityZones: [], State: { Code: 'active' } }],
    }, 'r'));
    const out = await client.send(new DescribeLoadBalancersCommand({}));
    const lb = out.LoadBalancers![0];
    assert.ok(lb.CreatedTime instanceof Date);
    assert.equal(lb.CreatedTime!.getTime(), created.getTime());
    assert.deepEqual(lb.AvailabilityZones, []);
    assert.deepEqual(lb.State, { Code: 'active' });
  });

  it('errors carry the modelled code and status whether thrown by code or shape name', async () => {
    for (const thrown of ['LoadBalancerNotFound', 'LoadBalancerNotFoundException']) {
      const reply = protocol.writeError(model, new ServiceError(thrown, 'One or more load balancers not found'), 'req-7');
      assert.match(String(reply.body), /<Error><Type>Sender<\/Type><Code>LoadBalancerNotFound<\/Code>/);
      const { client } = offlineClient(reply);
      const err = await client.send(new DescribeLoadBalancersCommand({ Names: ['x'] })).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof LoadBalancerNotFoundException, `got ${String(err)}`);
      assert.equal(err.message, 'One or more load balancers not found');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(String(reply.body), /<\/Error><RequestId>req-7<\/RequestId><\/ErrorResponse>$/);
    }
    const { client } = offlineClient(protocol.writeError(model, new ServiceError('PriorityInUse', "Priority '5' is currently in use")));
    const err = await client.send(new DescribeLoadBalancersCommand({})).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof PriorityInUseException);
  });

  it('unmodelled codes, 5xx as Receiver, unknown actions as InvalidAction', async () => {
    const internal = protocol.writeError(model, new ServiceError('InternalFailure', 'boom', 500), 'r');
    assert.equal(internal.status, 500);
    assert.match(String(internal.body), /<Type>Receiver<\/Type>/);
    const { client } = offlineClient(protocol.writeError(model, new ServiceError('NotImplemented', 'Berth does not implement X yet.', 501)));
    const err = await client.send(new DescribeLoadBalancersCommand({})).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ElasticLoadBalancingV2ServiceException);
    assert.equal(err.name, 'NotImplemented');
    assert.equal(err.$metadata.httpStatusCode, 501);
    const unknown = protocol.writeError(model, new ServiceError('UnknownOperationException', '', 400));
    assert.match(String(unknown.body), /<Code>InvalidAction<\/Code>/);
  });
});

describe('QueryProtocol parses hostile bodies in linear time and refuses oversized lists first', () => {
  const form = (pairs: string[]): WireRequest => {
    const body = Buffer.from(pairs.join('&'));
    return { method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, headersDistinct: {}, body };
  };
  const registerTargets = (n: number) => form(['Action=RegisterTargets', 'Version=2015-12-01', 'TargetGroupArn=arn',
    ...Array.from({ length: n }, (_v, i) => `Targets.member.${i + 1}.Id=i-0123456789abcdef0&Targets.member.${i + 1}.Port=80`)]);
  const codeOf = (fn: () => unknown) => {
    try { fn(); return 'ok'; } catch (e) { return (e as ServiceError).code; }
  };

  it('takes 1,000 targets (AWS quota per target group) and refuses 1,001 with TooManyTargets', () => {
    const parsed = protocol.parseInput(registerTargets(1000), model, 'RegisterTargets') as { Targets: unknown[] };
    assert.equal(parsed.Targets.length, 1000);
    assert.equal(codeOf(() => protocol.parseInput(registerTargets(1001), model, 'RegisterTargets')), 'TooManyTargets');
  });

  it('refuses a body of 170,000 targets (the 10 MiB cap) on its parameter count, before building anything', () => {
    const req = registerTargets(170_000);
    assert.ok(req.body.length > 10 * 1024 * 1024);
    assert.equal(codeOf(() => protocol.operationName(req)), 'ValidationError');
  });

  it('parse time grows linearly with the number of list members (16x the members: ~16x the time, a quadratic parser 256x)', () => {
    // A list without quota, in a model of its own, so the parser's own complexity is what is measured.
    const tiny = {
      ...model,
      operations: { Put: { input: 'In', errors: [] } },
      shapes: {
        In: { type: 'structure', members: { Items: { shape: 'Items' } } },
        Items: { type: 'list', member: { shape: 'Item' } },
        Item: { type: 'structure', members: { Id: { shape: 'S' }, Port: { shape: 'N' } } },
        S: { type: 'string' }, N: { type: 'integer' },
      },
    } as unknown as typeof model;
    const items = (n: number) => form(['Action=Put', ...Array.from({ length: n }, (_v, i) => `Items.member.${i + 1}.Id=x&Items.member.${i + 1}.Port=1`)]);
    const fastest = (n: number) => {
      let best = Infinity;
      for (let round = 0; round < 5; round++) {
        const req = items(n);
        const t = performance.now();
        assert.equal((protocol.parseInput(req, tiny, 'Put') as { Items: unknown[] }).Items.length, n);
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    fastest(600); // warms the JIT up, so the first measured size is not the slow one
    const small = fastest(600);
    const ratio = fastest(9600) / small;
    assert.ok(ratio < 60, `16x the members took ${ratio.toFixed(1)}x the time`);
  });

  it('duplicate parameters: the last one wins', () => {
    const parsed = protocol.parseInput(form(['Action=DescribeTargetHealth', 'TargetGroupArn=first', 'TargetGroupArn=second']), model, 'DescribeTargetHealth');
    assert.deepEqual(parsed, { TargetGroupArn: 'second' });
  });
});

describe('XML responses stay well-formed whatever a caller sent', () => {
  it('an error echoing control characters and lone surrogates is still parsed by the SDK', async () => {
    const echoed = `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/a\u0001\u001f\ud800b/0`;
    const reply = protocol.writeError(model, new ServiceError('TargetGroupNotFound', `Target group '${echoed}' not found`), 'req-1');
    assert.doesNotMatch(String(reply.body), /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const { client } = offlineClient(reply);
    const err = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'x' })).catch((e) => e);
    assert.equal(err.name, 'TargetGroupNotFoundException');
    assert.match(err.message, /targetgroup\/a\uFFFD\uFFFD\uFFFDb\/0/);
  });
});
