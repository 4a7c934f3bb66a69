/** The HAProxy config renderer: table-driven cases over small specs, and a full config that HAProxy itself accepts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Action, RuleCondition, TargetGroupDoc } from '../../services/elbv2/domain/docs.js';
import { targetGroupAttributeDefaults } from '../../services/elbv2/domain/attributes.js';
import { quote, statusRegex, wildcardRegex } from './haproxy-syntax.js';
import { render } from './render.js';
import { DataPlaneSpec, GroupSpec, ListenerSpec } from './spec.js';

const OPTS = { runDir: '/run/berth', bindIp: '127.0.0.1' };
const TG_A = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/a/aaaaaaaaaaaaaaaa';
const TG_B = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/b/bbbbbbbbbbbbbbbb';

function group(arn: string, over: Partial<TargetGroupDoc> = {}, attrs: Record<string, string> = {}, targets = [{ id: 'i-0123456789abcdef0', port: 8080, draining: false }]): GroupSpec {
  const tg: TargetGroupDoc = {
    TargetGroupArn: arn, TargetGroupName: 'x', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', HealthCheckProtocol: 'HTTP', HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true, HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2,
    HealthCheckPath: '/', Matcher: { HttpCode: '200' }, TargetType: 'instance', IpAddressType: 'ipv4',
    attributes: { ...targetGroupAttributeDefaults(over.Protocol ?? 'HTTP'), ...attrs }, tags: [], ...over,
  };
  return { id: arn.split('/').pop()!, arn, group: tg, idleTimeoutSeconds: 60, targets: targets.map((t) => ({ key: `${arn}|${t.id}|${t.port}`, addr: '127.0.0.1', ...t })) };
}

const forward = (arn: string): Action => ({ Type: 'forward', TargetGroupArn: arn });

function listener(defaultAction: Action, rules: { id: string; conditions: RuleCondition[]; action: Action }[] = [], over: Partial<ListenerSpec> = {}): ListenerSpec {
  return { id: 'l1', port: 8000, protocol: 'HTTP', idleTimeoutSeconds: 60, rules, defaultAction, ...over };
}

const cases: { name: string; spec: DataPlaneSpec; has: (string | RegExp)[]; hasNot?: string[] }[] = [
  {
    name: 'no load balancers: only the global and defaults sections',
    spec: { listeners: [], groups: [] },
    has: ['stats socket /run/berth/admin.sock mode 600 level admin expose-fd listeners', 'errorfile 503 /run/berth/errors/502.http', 'load-server-state-from-file global'],
    hasNot: ['frontend', 'backend'],
  },
  {
    name: 'a listener forwarding to a target group: headers, checks, fail-open twin',
    spec: { listeners: [listener(forward(TG_A))], groups: [group(TG_A)] },
    has: [
      'frontend l_l1\n  bind 127.0.0.1:8000\n', 'option forwardfor', 'http-request set-header X-Forwarded-Proto http', 'http-request set-header X-Forwarded-Port 8000',
      'X-Amzn-Trace-Id "Root=1-%[date,hex,bytes(8),lower]-%[rand,hex,bytes(8),lower]%[rand,hex,bytes(8),lower]%[rand,hex,bytes(8),lower]"',
      'use_backend tg_aaaaaaaaaaaaaaaa if { var(txn.rule) -m str default }', 'balance roundrobin', 'option allbackups',
      "http-check send meth GET uri '/' ver HTTP/1.1", "http-check expect rstatus '^(200)$'", 'timeout check 5s',
      'server t_i-0123456789abcdef0_8080 127.0.0.1:8080 check inter 30s fastinter 1s downinter 30s rise 5 fall 2 pool-purge-delay 5s pool-max-conn -1\n',
      'server b_i-0123456789abcdef0_8080 127.0.0.1:8080 backup pool-purge-delay 5s pool-max-conn -1\n',
    ],
    hasNot: ['cookie AWSALB', 'slowstart', 'http-after-response'],
  },
  {
    name: 'rules by priority with every condition type',
    spec: {
      listeners: [listener(forward(TG_A), [
        { id: 'r1', conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*', '/v?.json'] } }, { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } }], action: forward(TG_B) },
        { id: 'r2', conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } }, { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '127.0.0.1/32'] } }], action: forward(TG_B) },
        { id: 'r3', conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['blue'] } }, { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }, { Value: 'x*' }] } }], action: forward(TG_B) },
      ])],
      groups: [group(TG_A), group(TG_B)],
    },
    has: [
      "acl r0_c0 path -m reg '^/api/.*$' '^/v.\\.json$'", 'acl r0_c1 method GET HEAD',
      'http-request set-var(txn.rule) str(r1) if !{ var(txn.rule) -m found } r0_c0 r0_c1',
      "acl r1_c0 req.hdr(host),field(1,:) -i -m reg '^.*\\.example\\.com$'", 'acl r1_c1 src 10.0.0.0/8 127.0.0.1/32',
      "acl r2_c0 req.fhdr('X-Env') -i -m reg '^blue$'", "acl r2_c1 query -i -m reg '(^|&)v=2(&|$)'", "acl r2_c1 query -i -m reg '(^|&)[^=&]*=x[^&]*(&|$)'",
      /str\(r1\)[\s\S]*str\(r2\)[\s\S]*str\(r3\)[\s\S]*str\(default\)[\s\S]*use_backend tg_bbbbbbbbbbbbbbbb if \{ var\(txn.rule\) -m str r1 \}/,
    ],
  },
  {
    name: 'weighted forward: one draw per request, cumulative bounds; weight 0 never chosen',
    spec: {
      listeners: [listener({ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG_A, Weight: 1 }, { TargetGroupArn: TG_B, Weight: 3 }, { TargetGroupArn: 'arn:x/zero/cccccccccccccccc', Weight: 0 }] } })],
      groups: [group(TG_A), group(TG_B)],
    },
    has: ['http-request set-var(txn.w) rand(1000000)', 'use_backend tg_aaaaaaaaaaaaaaaa if { var(txn.rule) -m str default } { var(txn.w) -m int lt 250000 }', 'use_backend tg_bbbbbbbbbbbbbbbb if { var(txn.rule) -m str default }\n'],
    hasNot: ['tg_cccccccccccccccc'],
  },
  {
    name: 'target group stickiness: the AWSALBTG cookie picks the group before the draw; responses are ordered by phase',
    spec: {
      listeners: [listener({ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG_A, Weight: 1 }, { TargetGroupArn: TG_B, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 120 } } }, [
        { id: 'r1', conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/f'] } }], action: { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } } },
      ])],
      groups: [group(TG_A), group(TG_B)],
    },
    has: [
      'http-response add-header Set-Cookie "AWSALBTG=%[be_name,regsub(^tg_,)]; Max-Age=120; Path=/" if { var(txn.rule) -m str default }',
      'use_backend tg_bbbbbbbbbbbbbbbb if { var(txn.rule) -m str default } { req.cook(AWSALBTG) -m str bbbbbbbbbbbbbbbb }',
      /http-request return status 200 if \{ var\(txn.rule\) -m str r1 \}\n  http-response add-header[^\n]*\n  use_backend tg_aaaaaaaaaaaaaaaa if [^\n]*req.cook\(AWSALBTG\)[^\n]*\n  use_backend tg_bbbbbbbbbbbbbbbb if [^\n]*req.cook[^\n]*\n  use_backend tg_aaaaaaaaaaaaaaaa if [^\n]*lt 500000 \}\n/,
    ],
  },
  {
    name: 'fixed response: quoted body, no content type without a body',
    spec: {
      listeners: [listener({ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'application/json', MessageBody: `{"it's":"$HOME"}\nok` } }, [
        { id: 'r1', conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/e'] } }], action: { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '204' } } },
      ])],
      groups: [],
    },
    has: [`http-request return status 503 content-type 'application/json' string '{"it'\\''s":"$HOME"}'"\\x0a"'ok' if { var(txn.rule) -m str default }`, 'http-request return status 204 if { var(txn.rule) -m str r1 }'],
  },
  {
    name: 'redirect: #{} placeholders, default port omitted, query only when present',
    spec: {
      listeners: [listener({ Type: 'redirect', RedirectConfig: { Protocol: '#{protocol}', Port: '80', Host: 'new.#{host}', Path: '/v2/#{path}', Query: '#{query}', StatusCode: 'HTTP_302' } })],
      groups: [],
    },
    has: [
      'http-request redirect location "http://new.%[req.hdr(host),field(1,:)]/v2/%[path,regsub(^/,)]?%[query]" code 302 if { var(txn.rule) -m str default } { query -m len 1: }',
      'http-request redirect location "http://new.%[req.hdr(host),field(1,:)]/v2/%[path,regsub(^/,)]" code 302 if { var(txn.rule) -m str default }\n',
    ],
  },
  {
    name: 'attributes: stickiness cookie, least outstanding requests, slow start, idle timeout, matcher ranges, health check port',
    spec: {
      listeners: [listener(forward(TG_A), [], { idleTimeoutSeconds: 120 })],
      groups: [{ ...group(TG_A, { Matcher: { HttpCode: '200-202,302' }, HealthCheckPort: '9000', HealthCheckPath: '/health' }, { 'stickiness.enabled': 'true', 'stickiness.lb_cookie.duration_seconds': '600', 'load_balancing.algorithm.type': 'least_outstanding_requests', 'slow_start.duration_seconds': '30' }), idleTimeoutSeconds: 120 }],
    },
    has: ['cookie AWSALB insert indirect nocache dynamic maxlife 600s', 'dynamic-cookie-key aaaaaaaaaaaaaaaa', 'balance leastconn', 'http-request return errorfile /run/berth/errors/503.http if { nbsrv eq 0 }', 'timeout server 120s', 'timeout client 120s', "rstatus '^(200|201|202|302)$'", 'rise 5 fall 2 port 9000 slowstart 30s', "uri '/health'"],
  },
  {
    name: 'network load balancer: TCP frontend and backend with connect checks',
    spec: { listeners: [listener(forward(TG_A), [], { protocol: 'TCP', idleTimeoutSeconds: 350 })], groups: [group(TG_A, { Protocol: 'TCP', HealthCheckProtocol: 'TCP', HealthCheckPath: undefined, Matcher: undefined, HealthCheckTimeoutSeconds: 10 })] },
    has: ['frontend l_l1\n  bind 127.0.0.1:8000\n  mode tcp\n  timeout client 350s\n  default_backend tg_aaaaaaaaaaaaaaaa', 'backend tg_aaaaaaaaaaaaaaaa\n  mode tcp', 'check inter 30s'],
    hasNot: ['httpchk', 'X-Forwarded', 'redispatch'],
  },
  {
    name: 'header modification: response headers on every response, the load balancer\'s own Server header removed',
    spec: {
      listeners: [listener(forward(TG_A), [], { responseHeaders: [{ name: 'Strict-Transport-Security', value: 'max-age=60; preload' }, { name: 'Content-Security-Policy', value: "default-src 'self'" }], serverHeader: false })],
      groups: [group(TG_A)],
    },
    has: [
      "http-after-response set-header Strict-Transport-Security 'max-age=60; preload'",
      `http-after-response set-header Content-Security-Policy 'default-src '\\''self'\\'''`,
      'http-after-response del-header server if { res.hdr(server) -m str awselb/2.0 }',
    ],
  },
  {
    name: 'draining targets are written disabled; disabled health checks mean no check',
    spec: { listeners: [listener(forward(TG_A))], groups: [group(TG_A, { HealthCheckEnabled: false }, {}, [{ id: 'i-0123456789abcdef0', port: 1, draining: true }])] },
    has: ['server t_i-0123456789abcdef0_1 127.0.0.1:1 pool-purge-delay 5s pool-max-conn -1 disabled\n', 'server b_i-0123456789abcdef0_1 127.0.0.1:1 backup pool-purge-delay 5s pool-max-conn -1 disabled\n'],
    hasNot: ['httpchk', ' check'],
  },
];

describe('render', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { config } = render(c.spec, OPTS);
      for (const h of c.has) {
        if (typeof h === 'string') assert.ok(config.includes(h), `missing ${JSON.stringify(h)} in\n${config}`);
        else assert.match(config, h);
      }
      for (const h of c.hasNot ?? []) assert.ok(!config.includes(h), `unexpected ${JSON.stringify(h)} in\n${config}`);
    });
  }

  it('structure excludes the server lines, so target changes need no reload', () => {
    const one = render({ listeners: [listener(forward(TG_A))], groups: [group(TG_A)] }, OPTS);
    const two = render({ listeners: [listener(forward(TG_A))], groups: [group(TG_A, {}, {}, [{ id: 'i-0123456789abcdef0', port: 1, draining: false }, { id: 'i-0123456789abcdef0', port: 2, draining: true }])] }, OPTS);
    assert.equal(one.structure, two.structure);
    assert.notEqual(one.config, two.config);
    assert.deepEqual(two.servers.map((s) => [s.name, s.backup, s.draining]), [['t_i-0123456789abcdef0_1', false, false], ['b_i-0123456789abcdef0_1', true, false], ['t_i-0123456789abcdef0_2', false, true], ['b_i-0123456789abcdef0_2', true, true]]);
  });

  it('HAProxy accepts a config using every feature', { skip: !hasHaproxy() }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-render-'));
    try {
      const all = cases.flatMap((c) => c.spec.listeners.map((l, i) => ({ ...l, id: `${l.id}${cases.indexOf(c)}${i}`, port: 20000 + cases.indexOf(c) * 10 + i })));
      const groups = [...new Map(cases.flatMap((c) => c.spec.groups).map((g) => [g.id, g])).values()];
      const { config } = render({ listeners: all.filter((l) => l.protocol !== 'TCP'), groups: groups.filter((g) => g.group.Protocol !== 'TCP') }, { runDir: dir, bindIp: '127.0.0.1' });
      execFileSync('mkdir', ['-p', join(dir, 'errors')]);
      for (const s of [502, 503, 504]) writeFileSync(join(dir, 'errors', `${s}.http`), `HTTP/1.1 ${s} x\r\n\r\n`);
      writeFileSync(join(dir, 'h.cfg'), config);
      execFileSync('haproxy', ['-W', '-c', '-q', '-f', join(dir, 'h.cfg')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function hasHaproxy(): boolean {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('haproxy syntax helpers', () => {
  it('quote keeps every character literal', () => {
    assert.equal(quote("a b'c"), `'a b'\\''c'`);
    assert.equal(quote('x\ny'), `'x'"\\x0a"'y'`);
  });
  it('wildcards become anchored-ready regexes with literals escaped', () => {
    assert.equal(wildcardRegex('/img/*.png'), '/img/.*\\.png');
    assert.equal(wildcardRegex('a?c(1)'), 'a.c\\(1\\)');
  });
  it('matcher codes and ranges', () => {
    assert.equal(statusRegex('200'), '^(200)$');
    assert.equal(statusRegex('200-202,404'), '^(200|201|202|404)$');
  });
});
