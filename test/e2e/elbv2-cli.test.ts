/**
 * ELBv2 with the aws CLI against a real Berth: the walk-through, AWS errors, reaching the
 * listener through the load balancer's DNS name (curl resolves *.localhost to loopback),
 * HTTP/2 from clients, and HAProxy ownership across Berth stops, crashes and restarts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { freePort, get, startTarget, TestTarget } from '../support/elbv2-helpers.js';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ELBv2 through the aws CLI', () => {
  let berth: RunningBerth;
  let target: TestTarget;
  let port: number;
  let dns: string;
  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['--endpoint-url', berth.endpoint, '--output', 'json', 'elbv2', ...args], { env: berth.cliEnv() });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
  const awsError = async (...args: string[]) => {
    const err = await aws(...args).then(() => undefined, (e: { stderr?: string }) => e);
    assert.ok(err, `expected aws elbv2 ${args[0]} to fail`);
    return String(err.stderr);
  };
  const haproxyPid = () => Number(readFileSync(join(berth.dataDir, 'haproxy', 'haproxy.pid'), 'utf8'));

  before(async () => {
    berth = await startBerthProcess();
    target = await startTarget('cli');
    port = await freePort();
  });
  after(async () => {
    await berth?.destroy();
    await target?.close();
  });

  it('creates a load balancer, target group, listener and targets, and serves through the DNS name', async () => {
    const lb = (await aws('create-load-balancer', '--name', 'cli-web', '--subnets', 'subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', '--tags', 'Key=team,Value=a')).LoadBalancers[0];
    assert.match(lb.LoadBalancerArn, /^arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer\/app\/cli-web\/[0-9a-f]{16}$/);
    assert.match(lb.DNSName, /^cli-web-[0-9a-f]{10}\.us-east-1\.elb\.localhost$/);
    dns = lb.DNSName;
    const tg = (await aws('create-target-group', '--name', 'cli-tg', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-0123456789abcdef0', '--target-type', 'ip',
      '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0];
    assert.deepEqual([tg.HealthCheckPort, tg.UnhealthyThresholdCount, tg.Matcher.HttpCode, tg.TargetType], ['traffic-port', 2, '200', 'ip']);
    const listener = (await aws('create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', String(port),
      '--default-actions', `Type=forward,TargetGroupArn=${tg.TargetGroupArn}`)).Listeners[0];
    assert.match(listener.ListenerArn, /listener\/app\/cli-web\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    assert.deepEqual(listener.DefaultActions[0].ForwardConfig.TargetGroups, [{ TargetGroupArn: tg.TargetGroupArn, Weight: 1 }]);
    await aws('register-targets', '--target-group-arn', tg.TargetGroupArn, '--targets', `Id=127.0.0.1,Port=${target.port}`);
    await eventually(async () => (await aws('describe-target-health', '--target-group-arn', tg.TargetGroupArn)).TargetHealthDescriptions[0].TargetHealth.State === 'healthy', 'the target to be healthy');
    const described = (await aws('describe-target-groups', '--load-balancer-arn', lb.LoadBalancerArn)).TargetGroups;
    assert.deepEqual(described.map((t: { LoadBalancerArns: string[] }) => t.LoadBalancerArns), [[lb.LoadBalancerArn]]);
    const viaName = await run('curl', ['-s', '--max-time', '5', `http://${dns}:${port}/`]);
    assert.equal(viaName.stdout, 'cli');
    const h2 = await run('curl', ['-s', '--http2-prior-knowledge', '-o', '/dev/null', '-w', '%{http_version} %{http_code}', `http://127.0.0.1:${port}/`]);
    assert.equal(h2.stdout, '2 200');
    assert.deepEqual((await aws('describe-tags', '--resource-arns', lb.LoadBalancerArn)).TagDescriptions[0].Tags, [{ Key: 'team', Value: 'a' }]);
    const attrs = (await aws('describe-target-group-attributes', '--target-group-arn', tg.TargetGroupArn)).Attributes;
    assert.ok(attrs.some((x: { Key: string; Value: string }) => x.Key === 'deregistration_delay.timeout_seconds' && x.Value === '300'));
  });

  it('answers errors as AWS does', async () => {
    const lbArn = (await aws('describe-load-balancers', '--names', 'cli-web')).LoadBalancers[0].LoadBalancerArn;
    const tgArn = (await aws('describe-target-groups', '--names', 'cli-tg')).TargetGroups[0].TargetGroupArn;
    const listenerArn = (await aws('describe-listeners', '--load-balancer-arn', lbArn)).Listeners[0].ListenerArn;
    assert.match(await awsError('describe-load-balancers', '--names', 'nope'), /\(LoadBalancerNotFound\)/);
    const again = await aws('create-listener', '--load-balancer-arn', lbArn, '--protocol', 'HTTP', '--port', String(port), '--default-actions', `Type=forward,TargetGroupArn=${tgArn}`);
    assert.equal(again.Listeners[0].ListenerArn, listenerArn, 'the same listener again is the existing one (CreateListener is idempotent)');
    assert.match(await awsError('create-listener', '--load-balancer-arn', lbArn, '--protocol', 'HTTP', '--port', String(port), '--default-actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=200}'), /\(DuplicateListener\)/);
    assert.match(await awsError('delete-target-group', '--target-group-arn', tgArn), /\(ResourceInUse\).*currently in use by a listener or a rule/);
    assert.match(await awsError('create-target-group', '--name', 'bad_name', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-0123456789abcdef0'), /\(ValidationError\)/);
    assert.match(await awsError('create-load-balancer', '--name', 'cli-web', '--type', 'network', '--subnets', 'subnet-0123456789abcdef0'), /\(DuplicateLoadBalancerName\)/);
    assert.match(await awsError('register-targets', '--target-group-arn', tgArn, '--targets', 'Id=8.8.8.8,Port=80'), /\(InvalidTarget\)/);
    const rule = ['create-rule', '--listener-arn', listenerArn, '--priority', '3', '--conditions', 'Field=path-pattern,Values=/a', '--actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=200}'];
    await aws(...rule);
    assert.match(await awsError(...rule), /\(PriorityInUse\).*Priority '3' is currently in use/);
    assert.match(await awsError('describe-trust-stores'), /\(NotImplemented\)/);
    assert.match(await awsError('modify-load-balancer-attributes', '--load-balancer-arn', lbArn, '--attributes', 'Key=no.such,Value=1'), /\(ValidationError\)/);
  });

  it('stops HAProxy with Berth, replaces it on the next start, and adopts it after a crash', async () => {
    const first = haproxyPid();
    await berth.stop();
    // Gone, not just signalled: a loaded machine may take a moment to reap the master.
    await eventually(async () => !alive(first), 'HAProxy to exit with Berth', 10_000);
    await assert.rejects(get(port, '/'));
    berth = await startBerthProcess({ dataDir: berth.dataDir });
    await eventually(async () => (await get(port, '/')).body === 'cli', 'the listener to answer after a restart', 15_000);
    const second = haproxyPid();
    berth.process.kill('SIGKILL');
    await new Promise((r) => berth.process.once('exit', r));
    assert.equal((await get(port, '/')).body, 'cli', 'HAProxy keeps serving while Berth is down');
    berth = await startBerthProcess({ dataDir: berth.dataDir });
    assert.equal(haproxyPid(), second, 'the running HAProxy is adopted, not replaced');
    assert.equal((await get(port, '/')).body, 'cli');
    await berth.stop();
    await eventually(async () => !alive(second), 'HAProxy to exit with Berth', 10_000);
    assert.ok(!existsSync(join(berth.dataDir, 'haproxy', 'master.sock')));
  });
});
