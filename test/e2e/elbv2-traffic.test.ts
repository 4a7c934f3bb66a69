/**
 * Application load balancers end to end with the SDK against a real Berth: real HTTP
 * targets on loopback behind Berth's HAProxy. Traffic spread, rules, health checks,
 * fail-open, stickiness, draining, fixed responses and redirects.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, DeregisterTargetsCommand,
  DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, ModifyTargetGroupAttributesCommand, RegisterTargetsCommand, TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { elbv2, freePort, get, spread, startTarget, TestTarget } from '../support/elbv2-helpers.js';

const INSTANCE = 'i-0123456789abcdef0';
const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

describe('ELBv2 traffic through Berth', () => {
  let berth: RunningBerth;
  let elb: ElasticLoadBalancingV2Client;
  let a: TestTarget, b: TestTarget, c: TestTarget;
  let port: number;
  let lbArn: string, listenerArn: string, tgMain: string, tgOther: string;

  const health = async (tg: string): Promise<TargetHealthDescription[]> =>
    (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions ?? [];
  const stateOf = async (tg: string, t: TestTarget) => (await health(tg)).find((d) => d.Target?.Port === t.port)?.TargetHealth;
  const waitState = (tg: string, t: TestTarget, state: string) =>
    eventually(async () => (await stateOf(tg, t))?.State === state, `${t.name} to be ${state}`, 30_000, 250);
  const targetGroup = async (name: string) => (await elb.send(new CreateTargetGroupCommand({
    Name: name, Protocol: 'HTTP', Port: 80, VpcId: VPC, HealthCheckPath: '/health',
    HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
  }))).TargetGroups![0].TargetGroupArn!;

  before(async () => {
    berth = await startBerthProcess();
    elb = elbv2(berth);
    [a, b, c] = await Promise.all([startTarget('a'), startTarget('b'), startTarget('c')]);
    port = await freePort();
  });
  after(async () => {
    await berth?.destroy();
    await Promise.all([a, b, c].map((t) => t?.close()));
  });

  it('spreads traffic over healthy targets with ALB headers', async () => {
    lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'web', Subnets: SUBNETS }))).LoadBalancers![0].LoadBalancerArn!;
    tgMain = await targetGroup('main');
    listenerArn = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgMain }] }))).Listeners![0].ListenerArn!;
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgMain, Targets: [{ Id: INSTANCE, Port: a.port }, { Id: INSTANCE, Port: b.port }] }));
    assert.equal((await stateOf(tgMain, a))?.Reason, 'Elb.RegistrationInProgress');
    await waitState(tgMain, a, 'healthy');
    await waitState(tgMain, b, 'healthy');
    assert.deepEqual(await spread(port, 10), { a: 5, b: 5 });
    const h = a.lastHeaders!;
    assert.equal(h['x-forwarded-for'], '127.0.0.1');
    assert.equal(h['x-forwarded-proto'], 'http');
    assert.equal(h['x-forwarded-port'], String(port));
    assert.match(String(h['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const epoch = parseInt(String(h['x-amzn-trace-id']).slice(7, 15), 16);
    assert.ok(Math.abs(epoch - Date.now() / 1000) < 60);
  });

  it('routes by path, host, header, method and query string; fixed responses and redirects', async () => {
    tgOther = await targetGroup('other');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgOther, Targets: [{ Id: INSTANCE, Port: c.port }] }));
    const rule = (Priority: number, Conditions: object[], action: object) =>
      elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority, Conditions: Conditions as never, Actions: [action as never] }));
    const toOther = { Type: 'forward', TargetGroupArn: tgOther };
    await rule(1, [{ Field: 'source-ip', SourceIpConfig: { Values: ['192.0.2.0/24'] } }], { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403' } });
    await rule(10, [{ Field: 'path-pattern', Values: ['/c/*'] }], toOther);
    await rule(20, [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.other.example'] } }], toOther);
    await rule(30, [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Route', Values: ['c*'] } }], toOther);
    await rule(40, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['DELETE'] } }, { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'to', Value: 'c' }] } }], toOther);
    await rule(50, [{ Field: 'path-pattern', Values: ['/w/*'] }], {
      Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgMain, Weight: 1 }, { TargetGroupArn: tgOther, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } },
    });
    await rule(5, [{ Field: 'path-pattern', Values: ['/fixed'] }], { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'application/json', MessageBody: '{"short":"and stout"}' } });
    await rule(6, [{ Field: 'path-pattern', Values: ['/old/*'] }], { Type: 'redirect', RedirectConfig: { Path: '/new/#{path}', StatusCode: 'HTTP_301' } });

    // Each rule is applied as it is created; the last one answering means all are.
    await eventually(async () => (await get(port, '/old/x')).status === 301, 'the rules to apply', 10_000);
    assert.equal((await get(port, '/c/x')).body, 'c');
    assert.equal((await get(port, '/', { host: 'x.other.example:80' })).body, 'c');
    assert.equal((await get(port, '/', { 'x-route': 'CEE' })).body, 'c');
    assert.equal((await get(port, '/?to=c', {}, 'DELETE')).body, 'c');
    assert.notEqual((await get(port, '/?to=c')).body, 'c');
    assert.notEqual((await get(port, '/d/x')).body, 'c');
    const weighted = await get(port, '/w/1');
    const groupCookie = weighted.headers['set-cookie']!.find((x) => x.startsWith('AWSALBTG='))!;
    assert.match(groupCookie, /^AWSALBTG=[0-9a-f]{16}; Max-Age=60; Path=\/$/);
    const group = (body: string) => (body === 'c' ? 'other' : 'main');
    const pinned = await spread(port, 8, '/w/1', { cookie: groupCookie.split(';')[0] });
    assert.deepEqual([...new Set(Object.keys(pinned).map(group))], [group(weighted.body)]);
    const fixed = await get(port, '/fixed');
    assert.deepEqual([fixed.status, fixed.headers['content-type'], fixed.body], [418, 'application/json', '{"short":"and stout"}']);
    const moved = await get(port, '/old/page?q=1', { host: 'shop.example' });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, `http://shop.example:${port}/new/old/page?q=1`);
  });

  it('a target failing its health check shows unhealthy with the reason and stops receiving traffic', async () => {
    b.healthStatus = 500;
    await waitState(tgMain, b, 'unhealthy');
    assert.deepEqual(await stateOf(tgMain, b), { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [500]' });
    assert.deepEqual(await spread(port, 6), { a: 6 });
  });

  it('fails open to every target when all are unhealthy', async () => {
    a.healthStatus = 404;
    await waitState(tgMain, a, 'unhealthy');
    const seen = await spread(port, 6);
    assert.deepEqual(Object.keys(seen).sort(), ['a', 'b']);
    a.healthStatus = 200;
    b.healthStatus = 200;
    await waitState(tgMain, a, 'healthy');
    await waitState(tgMain, b, 'healthy');
  });

  it('the AWSALB stickiness cookie pins a client to one target', async () => {
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgMain, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }, { Key: 'stickiness.lb_cookie.duration_seconds', Value: '300' }] }));
    const first = await eventually(async () => {
      const r = await get(port, '/');
      return r.headers['set-cookie']?.find((x) => x.startsWith('AWSALB=')) ? r : undefined;
    }, 'the AWSALB cookie', 10_000);
    const cookie = first.headers['set-cookie']!.find((x) => x.startsWith('AWSALB='))!.split(';')[0];
    assert.deepEqual(await spread(port, 6, '/', { cookie }), { [first.body]: 6 });
    // A target added at run time gets its own cookie too.
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgMain, Targets: [{ Id: INSTANCE, Port: c.port }] }));
    await waitState(tgMain, c, 'healthy');
    const fromC = await eventually(async () => {
      const r = await get(port, '/');
      return r.body === 'c' ? r : undefined;
    }, 'a response from the new target', 10_000);
    const cookieC = fromC.headers['set-cookie']!.find((x) => x.startsWith('AWSALB='))!.split(';')[0];
    assert.deepEqual(await spread(port, 4, '/', { cookie: cookieC }), { c: 4 });
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tgMain, Targets: [{ Id: INSTANCE, Port: c.port }] }));
    await eventually(async () => (await health(tgMain)).every((d) => d.Target?.Port !== c.port), 'the new target to be removed', 10_000);
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgMain, Attributes: [{ Key: 'stickiness.enabled', Value: 'false' }] }));
    await eventually(async () => Object.keys(await spread(port, 4, '/', { cookie })).length === 2, 'stickiness to be off', 10_000);
  });

  it('deregistration drains: in-flight requests complete, then the target is removed', async () => {
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgMain, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] }));
    const slow = [get(port, '/slow?ms=2000'), get(port, '/slow?ms=2000')];
    await new Promise((r) => setTimeout(r, 300));
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tgMain, Targets: [{ Id: INSTANCE, Port: a.port }] }));
    assert.deepEqual(await stateOf(tgMain, a), { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });
    await eventually(async () => (await spread(port, 3)).a === undefined, 'new requests to avoid the draining target', 5_000);
    const done = await Promise.all(slow);
    assert.deepEqual(done.map((r) => [r.status, r.body]).sort(), [[200, 'a'], [200, 'b']]);
    // Removed once no request remains, well before the 30 s delay.
    await eventually(async () => (await health(tgMain)).every((d) => d.Target?.Port !== a.port), 'the drained target to be removed', 10_000);
    const unregistered = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgMain, Targets: [{ Id: INSTANCE, Port: a.port }] }))).TargetHealthDescriptions![0];
    assert.deepEqual(unregistered.TargetHealth, { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' });
  });

  it('a target group without targets answers 503 with ALB\'s page', async () => {
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tgOther, Targets: [{ Id: INSTANCE, Port: c.port }] }));
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgOther, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }] }));
    const r = await eventually(async () => {
      const x = await get(port, '/c/x');
      return x.status === 503 ? x : undefined;
    }, 'a 503', 10_000);
    assert.match(r.body, /<center><h1>503 Service Temporarily Unavailable<\/h1><\/center>/);
    assert.equal(r.headers.server, 'awselb/2.0');
  });

  it('a target that refuses connections answers 502 with ALB\'s page', async () => {
    // Nothing listens on a free port, so every connection to that target is refused.
    const dead = await freePort();
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgOther, Targets: [{ Id: INSTANCE, Port: dead }] }));
    const r = await eventually(async () => {
      const x = await get(port, '/c/x');
      return x.status === 502 ? x : undefined;
    }, 'a 502', 15_000);
    assert.match(r.body, /<center><h1>502 Bad Gateway<\/h1><\/center>/);
    assert.equal(r.headers.server, 'awselb/2.0');
  });
});
