/**
 * The ELBv2 API refuses, as AWS does (ValidationError), every value that would reach the
 * HAProxy configuration in a form AWS does not accept: control characters, characters
 * outside a field's set, lengths, non-decimal numbers, ranges. Table-driven over the
 * handlers with the memory store; the valid forms next to them must still pass.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../protocol/errors.js';
import { ALB_ATTRIBUTES, attributeCheck, NLB_ATTRIBUTES, targetGroupAttributeDefaults } from '../domain/attributes.js';
import { elbv2Api } from './api-harness.js';

const INJECTION = '\nprogram x\n  command /bin/sh -c "touch /tmp/berth-pwned"';

async function setup() {
  const { call } = elbv2Api();
  const tg = (await call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0' })).TargetGroups[0].TargetGroupArn;
  const lb = (await call('CreateLoadBalancer', { Name: 'web', Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] })).LoadBalancers[0].LoadBalancerArn;
  const listener = (await call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTP', Port: 8000, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })).Listeners[0].ListenerArn;
  return { call, tg, lb, listener };
}

type Env = Awaited<ReturnType<typeof setup>>;
const fixed = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } };
let priority = 1;
const rule = (conditions: object[]) => (e: Env) => e.call('CreateRule', { ListenerArn: e.listener, Priority: priority++, Conditions: conditions, Actions: [fixed] });
const action = (a: object) => (e: Env) => e.call('ModifyListener', { ListenerArn: e.listener, DefaultActions: [a] });
const health = (h: object) => (e: Env) => e.call('ModifyTargetGroup', { TargetGroupArn: e.tg, ...h });
const tgAttribute = (Key: string, Value: string) => (e: Env) => e.call('ModifyTargetGroupAttributes', { TargetGroupArn: e.tg, Attributes: [{ Key, Value }] });
const lbAttribute = (Key: string, Value: string) => (e: Env) => e.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: e.lb, Attributes: [{ Key, Value }] });
const redirect = (c: object) => action({ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', ...c } });
const fixedResponse = (c: object) => action({ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ...c } });
const path = (v: string) => rule([{ Field: 'path-pattern', PathPatternConfig: { Values: [v] } }]);
const host = (v: string) => rule([{ Field: 'host-header', HostHeaderConfig: { Values: [v] } }]);
const header = (name: string, v = 'a') => rule([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: name, Values: [v] } }]);
const query = (Key: string | undefined, Value: string | undefined) => rule([{ Field: 'query-string', QueryStringConfig: { Values: [{ Key, Value }] } }]);
const method = (v: string) => rule([{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: [v] } }]);
const sourceIp = (v: string) => rule([{ Field: 'source-ip', SourceIpConfig: { Values: [v] } }]);

const refused: [string, (e: Env) => Promise<unknown>][] = [
  ['query-string key with an injected program section (finding 1)', query(`a${INJECTION}`, 'b')],
  ['query-string value with a line feed', query('a', 'b\nc')],
  ['query-string key with NUL', query('a\0', 'b')],
  ['query-string key longer than 128', query('k'.repeat(129), 'b')],
  ['query-string pair with neither key nor value', query(undefined, undefined)],
  ['path-pattern with a line feed', path(`/a${INJECTION}`)],
  ['path-pattern with a space', path('/a b')],
  ['path-pattern with #', path('/a#b')],
  ['path-pattern with a backslash', path('/a\\b')],
  ['path-pattern with %', path('/a%20')],
  ['path-pattern longer than 128', path(`/${'a'.repeat(128)}`)],
  ['empty path-pattern', path('')],
  ['host-header with a quote', host("a'.example.com")],
  ['host-header with a carriage return', host('a.example.com\r')],
  ['host-header with an underscore', host('a_b.example.com')],
  ['http-header name with a line feed', header('X-A\nB')],
  ['http-header name with a space', header('X A')],
  ['http-header name with parentheses', header('X(a)')],
  ['http-header name longer than 40', header('X'.repeat(41))],
  ['http-header value with a tab', header('X-A', 'a\tb')],
  ['http-header value with DEL', header('X-A', 'a\x7f')],
  ['http-request-method lower case', method('get')],
  ['http-request-method with a line feed', method('GET\nX')],
  ['http-request-method longer than 40', method('A'.repeat(41))],
  ['source-ip without a prefix length', sourceIp('10.0.0.1')],
  ['source-ip with an injected word', sourceIp('10.0.0.0/8 or 1')],
  ['source-ip with a prefix beyond 32', sourceIp('10.0.0.0/33')],
  ['source-ip IPv6 with a prefix beyond 128', sourceIp('2001:db8::/129')],
  ['source-ip that is not an address', sourceIp('999.0.0.0/8')],
  ['fixed-response status code 300', fixedResponse({ StatusCode: '300' })],
  ['fixed-response status code with a line feed', fixedResponse({ StatusCode: '200\nprogram x' })],
  ['fixed-response body of 1025 characters', fixedResponse({ MessageBody: 'a'.repeat(1025) })],
  ['fixed-response body with NUL', fixedResponse({ MessageBody: 'a\0b' })],
  ['fixed-response content type outside the list', fixedResponse({ ContentType: 'text/plain\r\nX-Injected: 1', MessageBody: 'a' })],
  ['redirect status code HTTP_307', redirect({ StatusCode: 'HTTP_307' })],
  ['redirect port 0', redirect({ Port: '0' })],
  ['redirect port 65536', redirect({ Port: '65536' })],
  ['redirect port 1e3', redirect({ Port: '1e3' })],
  ['redirect port with a line feed', redirect({ Port: '80\n' })],
  ['redirect host with a line feed', redirect({ Host: `a.example.com${INJECTION}` })],
  ['redirect host longer than 128', redirect({ Host: 'a'.repeat(129) })],
  ['redirect path with a carriage return', redirect({ Path: '/a\r' })],
  ['redirect path without a leading /', redirect({ Path: 'a' })],
  ['redirect query with NUL', redirect({ Query: 'a=\0' })],
  ['redirect protocol FTP', redirect({ Protocol: 'FTP' })],
  ['forward weight 1000', (e) => action({ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: e.tg, Weight: 1000 }] } })(e)],
  ['target group stickiness of 0 s', (e) => action({ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: e.tg }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 0 } } })(e)],
  ['health check port 1e3 (informational finding)', health({ HealthCheckPort: '1e3' })],
  ['health check port 0x50', health({ HealthCheckPort: '0x50' })],
  ['health check port with a line feed', health({ HealthCheckPort: '80\nprogram x' })],
  ['health check port 65536', health({ HealthCheckPort: '65536' })],
  ['health check port " 80"', health({ HealthCheckPort: ' 80' })],
  ['health check path with a line feed', health({ HealthCheckPath: `/h${INJECTION}` })],
  ['health check path with a space', health({ HealthCheckPath: '/a b' })],
  ['health check path of 1025 characters', health({ HealthCheckPath: `/${'a'.repeat(1024)}` })],
  ['health check path without a leading /', health({ HealthCheckPath: 'health' })],
  ['matcher 200-299999999', health({ Matcher: { HttpCode: '200-299999999' } })],
  ['matcher 299-200 (backwards)', health({ Matcher: { HttpCode: '299-200' } })],
  ['matcher 500 for an ALB group', health({ Matcher: { HttpCode: '500' } })],
  ['matcher with a line feed', health({ Matcher: { HttpCode: '200\n' } })],
  ['health check interval 1e1', health({ HealthCheckIntervalSeconds: '1e1' })],
  ['healthy threshold 11', health({ HealthyThresholdCount: 11 })],
  ['lb_cookie duration 0', tgAttribute('stickiness.lb_cookie.duration_seconds', '0')],
  ['lb_cookie duration with a line feed', tgAttribute('stickiness.lb_cookie.duration_seconds', '60\nprogram x')],
  ['slow start 1e2', tgAttribute('slow_start.duration_seconds', '1e2')],
  ['slow start 10 (below 30)', tgAttribute('slow_start.duration_seconds', '10')],
  ['deregistration delay 0x10', tgAttribute('deregistration_delay.timeout_seconds', '0x10')],
  ['app cookie name with a line feed', tgAttribute('stickiness.app_cookie.cookie_name', 'a\nb')],
  ['app cookie name AWSALB', tgAttribute('stickiness.app_cookie.cookie_name', 'AWSALBAPP')],
  ['cross-zone value for a group', tgAttribute('load_balancing.cross_zone.enabled', 'maybe')],
  ['an inherited key (constructor)', tgAttribute('constructor', 'x')],
  ['idle timeout 4001', lbAttribute('idle_timeout.timeout_seconds', '4001')],
  ['idle timeout 6e1', lbAttribute('idle_timeout.timeout_seconds', '6e1')],
  ['access log prefix with a line feed', lbAttribute('access_logs.s3.prefix', 'a\nb')],
  ['access log bucket with upper case', lbAttribute('access_logs.s3.bucket', 'Bucket')],
  ['desync mitigation mode outside the list', lbAttribute('routing.http.desync_mitigation_mode', 'none')],
  ['listener port 1e3', (e) => e.call('ModifyListener', { ListenerArn: e.listener, Port: '1e3' })],
  ['target port 70000', (e) => e.call('RegisterTargets', { TargetGroupArn: e.tg, Targets: [{ Id: 'i-0123456789abcdef0', Port: 70000 }] })],
];

const accepted: [string, (e: Env) => Promise<unknown>][] = [
  ['path-pattern with every allowed character', path(`/A-z_0.9$/~"'@:+&*?`)],
  ['host-header with wildcards', host('*.ex-ample.co?')],
  ['http-header name with every token character', header("X!#$%&'*+.^_`|~-1", 'any "value" # \\ %')],
  ['query-string key and value of 128 printable characters each', query('k'.repeat(128), 'v'.repeat(128))],
  ['query-string value only', query(undefined, 'v')],
  ['http-request-method with - and _', method('CUSTOM_METHOD-X')],
  ['source-ip IPv4 and IPv6', rule([{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '2001:db8::/32'] } }])],
  ['fixed-response body over several lines', fixedResponse({ StatusCode: '503', ContentType: 'text/html', MessageBody: '<p>\r\n\tdown\n</p>' })],
  ['redirect with every part', redirect({ Protocol: 'HTTPS', Port: '443', Host: '#{host}.example', Path: '/#{path}', Query: 'a=#{query}', StatusCode: 'HTTP_302' })],
  ['health check port 8080, path, matcher range', health({ HealthCheckPort: '8080', HealthCheckPath: '/health?x=1&y=%20', Matcher: { HttpCode: '200-299,302' } })],
  ['slow start 30 and 0', async (e) => { await tgAttribute('slow_start.duration_seconds', '30')(e); await tgAttribute('slow_start.duration_seconds', '0')(e); }],
  ['app cookie name', tgAttribute('stickiness.app_cookie.cookie_name', 'session-id')],
  ['idle timeout 4000', lbAttribute('idle_timeout.timeout_seconds', '4000')],
];

describe('ELBv2 API validation', () => {
  for (const [name, op] of refused) {
    it(`refuses ${name}`, async () => {
      const e = await setup();
      await assert.rejects(op(e), (err: unknown) => {
        assert.ok(err instanceof ServiceError, String(err));
        assert.equal(err.code, 'ValidationError', err.message);
        assert.doesNotMatch(err.message, /[\x00-\x1f\x7f]/, 'the message carries no control character');
        return true;
      });
    });
  }
  for (const [name, op] of accepted) it(`accepts ${name}`, async () => void (await op(await setup())));

  it('every attribute default passes its own check', () => {
    for (const [kind, attrs] of [['Load balancer', ALB_ATTRIBUTES], ['Load balancer', NLB_ATTRIBUTES], ['Target group', targetGroupAttributeDefaults('HTTP')], ['Target group', targetGroupAttributeDefaults('TCP')]] as const) {
      for (const [key, value] of Object.entries(attrs)) assert.ok(attributeCheck(kind, key)?.(value), `${kind} ${key}=${value}`);
    }
  });
});
