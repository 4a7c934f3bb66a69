/**
 * Security finding 1: HAProxy configuration injection. A query-string condition key with a
 * line break once became a `program` section that HAProxy's master ran as root. Through
 * the real SDK against a real Berth: hostile values are refused with ValidationError, no
 * command runs, and values that are legal but special to HAProxy (quotes, #, $, %, \)
 * still route and answer exactly as written.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  Action, CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client,
  ModifyRuleCommand, ModifyTargetGroupAttributesCommand, ModifyTargetGroupCommand, RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { elbv2, freePort, get } from '../support/elbv2-helpers.js';

const MARKER = `/tmp/berth-injection-${process.pid}`;
const INJECTION = `\nprogram x\n  command /bin/sh -c "touch ${MARKER}"\n`;
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const fixed = (StatusCode: string, MessageBody?: string): Action => ({ Type: 'fixed-response', FixedResponseConfig: { StatusCode, ContentType: 'text/plain', MessageBody } });

describe('ELBv2 refuses HAProxy configuration injection', () => {
  let berth: RunningBerth;
  let elb: ElasticLoadBalancingV2Client;
  let port: number;
  let listenerArn: string, tgArn: string, ruleArn: string;

  const refused = async (send: Promise<unknown>, what: string) => {
    await assert.rejects(send, (err: any) => {
      assert.equal(err.name, 'ValidationError', `${what}: ${err.name} ${err.message}`);
      assert.equal(err.$metadata?.httpStatusCode, 400);
      return true;
    });
  };

  before(async () => {
    rmSync(MARKER, { force: true });
    berth = await startBerthProcess();
    elb = elbv2(berth);
    port = await freePort();
    const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'hostile', Subnets: SUBNETS }))).LoadBalancers![0].LoadBalancerArn!;
    listenerArn = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: port, DefaultActions: [fixed('404', 'default')] }))).Listeners![0].ListenerArn!;
    tgArn = (await elb.send(new CreateTargetGroupCommand({ Name: 'hostile', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0' }))).TargetGroups![0].TargetGroupArn!;
    ruleArn = (await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 100, Conditions: [{ Field: 'path-pattern', Values: ['/benign'] }], Actions: [fixed('200', 'benign')] }))).Rules![0].RuleArn!;
    await eventually(async () => (await get(port, '/benign')).body === 'benign', 'the listener to serve', 15_000);
  });
  after(async () => {
    await berth?.destroy();
    rmSync(MARKER, { force: true });
  });

  it('refuses the query-string key that injected a program section, and runs nothing', async () => {
    const conditions: RuleCondition[] = [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: `a${INJECTION}`, Value: 'b' }] } }];
    await refused(elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 1, Conditions: conditions, Actions: [fixed('200')] })), 'CreateRule');
    await refused(elb.send(new ModifyRuleCommand({ RuleArn: ruleArn, Conditions: conditions })), 'ModifyRule');
    // A later reload (a new rule changes the structure) must not carry anything of it either.
    await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 2, Conditions: [{ Field: 'path-pattern', Values: ['/after'] }], Actions: [fixed('200', 'after')] }));
    await eventually(async () => (await get(port, '/after')).body === 'after', 'the reload', 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(existsSync(MARKER), false, 'the injected command ran');
    const config = readFileSync(join(berth.dataDir, 'haproxy', 'haproxy.cfg'), 'utf8');
    assert.equal(config.match(/^program /gm)?.length, 1, 'only the watchdog program');
  });

  it('refuses line breaks and non-decimal numbers in every other field that reaches the configuration', async () => {
    const rule = (Conditions: RuleCondition[], Actions: Action[] = [fixed('200')]) => elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 3, Conditions, Actions }));
    await refused(rule([{ Field: 'path-pattern', PathPatternConfig: { Values: [`/p${INJECTION}`] } }]), 'path-pattern');
    await refused(rule([{ Field: 'host-header', HostHeaderConfig: { Values: [`h${INJECTION}`] } }]), 'host-header');
    await refused(rule([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: `X${INJECTION}`, Values: ['v'] } }]), 'http-header name');
    await refused(rule([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-A', Values: [`v${INJECTION}`] } }]), 'http-header value');
    await refused(rule([{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: [`GET${INJECTION}`] } }]), 'http-request-method');
    await refused(rule([{ Field: 'source-ip', SourceIpConfig: { Values: [`10.0.0.0/8${INJECTION}`] } }]), 'source-ip');
    const any: RuleCondition[] = [{ Field: 'path-pattern', Values: ['/x'] }];
    await refused(rule(any, [fixed('200', `a\0${INJECTION}`)]), 'fixed-response body with NUL');
    await refused(rule(any, [{ Type: 'redirect', RedirectConfig: { Host: `h${INJECTION}`, StatusCode: 'HTTP_301' } }]), 'redirect host');
    await refused(rule(any, [{ Type: 'redirect', RedirectConfig: { Port: '1e3', StatusCode: 'HTTP_301' } }]), 'redirect port');
    await refused(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tgArn, HealthCheckPort: '1e3' })), 'health check port 1e3');
    await refused(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tgArn, HealthCheckPort: '0x50' })), 'health check port 0x50');
    await refused(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tgArn, HealthCheckPath: `/h${INJECTION}` })), 'health check path');
    await refused(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tgArn, Matcher: { HttpCode: '200-299999999' } })), 'matcher');
    await refused(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgArn, Attributes: [{ Key: 'slow_start.duration_seconds', Value: `30${INJECTION}` }] })), 'slow start');
  });

  it('legal values special to HAProxy are served exactly as written', async () => {
    const body = `it's "$HOME" # %[src] \\ ok`;
    await elb.send(new CreateRuleCommand({
      ListenerArn: listenerArn, Priority: 4,
      Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: "X-It's#$", Values: ['"a" # $b'] } }],
      Actions: [fixed('200', body)],
    }));
    await elb.send(new CreateRuleCommand({
      ListenerArn: listenerArn, Priority: 5,
      Conditions: [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: "it's", Value: '$HOME' }] } }],
      Actions: [fixed('200', 'query')],
    }));
    await eventually(async () => (await get(port, "/?x=1&it's=$HOME")).body === 'query', 'the query-string rule', 15_000);
    assert.equal((await get(port, '/?it=$HOME')).body, 'default');
    const r = await get(port, '/', { "x-it's#$": '"A" # $B' });
    assert.deepEqual([r.status, r.body], [200, body]);
    assert.equal(existsSync(MARKER), false);
  });
});
