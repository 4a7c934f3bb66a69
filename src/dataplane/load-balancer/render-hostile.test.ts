/**
 * The renderer against hostile stored values (records not written by the API, or an API
 * check missed): every field that reaches the configuration gets line breaks, quotes,
 * comment and escape characters, NUL and a whole injected `program` section. The
 * configuration must keep its structure, and HAProxy must accept it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { targetGroupAttributeDefaults } from '../../services/elbv2/domain/attributes.js';
import { Action, RuleCondition, TargetGroupDoc } from '../../services/elbv2/domain/docs.js';
import { logFormat, quote, statusRegex, wildcardRegex } from './haproxy-syntax.js';
import { render } from './render.js';
import { DataPlaneSpec, idOf } from './spec.js';

const INJECTION = '\nprogram pwned\n  command /bin/sh -c "touch /tmp/berth-render-pwned"\n';
/** Every character that means something to HAProxy's parser, to regexes, to log-format or to the renderer's own layout. */
const EVIL = `x${INJECTION}\r\n# '"\\ %[src] \${HOME} $HOME \0servers:tg_aaaaaaaaaaaaaaaa\n ) , \t\x01\x7f end`;
const ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:';
const TG = `${ARN}targetgroup/a/aaaaaaaaaaaaaaaa`;
const TG2 = `${ARN}targetgroup/b/bbbbbbbbbbbbbbbb`;

/** One listener and two groups using every field the renderer writes, with `text` in every free-text field. */
function textSpec(text: string, headerName: string): DataPlaneSpec {
  const conditions: RuleCondition[] = [
    { Field: 'path-pattern', PathPatternConfig: { Values: [`/${text}*`] } },
    { Field: 'host-header', HostHeaderConfig: { Values: [text] } },
    { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: headerName, Values: [text] } },
    { Field: 'query-string', QueryStringConfig: { Values: [{ Key: text, Value: text }, { Value: text }] } },
  ];
  const fixed: Action = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: text, MessageBody: text } };
  const redirect: Action = { Type: 'redirect', RedirectConfig: { Protocol: text, Port: text, Host: text, Path: `/${text}`, Query: text, StatusCode: 'HTTP_302' } };
  const forward: Action = { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG, Weight: 1 }, { TargetGroupArn: TG2, Weight: 2 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } } };
  const group = (arn: string) => ({
    id: arn.split('/').pop()!, arn, idleTimeoutSeconds: 60,
    group: {
      TargetGroupArn: arn, TargetGroupName: text, Protocol: 'HTTP', Port: 80, VpcId: text, HealthCheckProtocol: 'HTTP', HealthCheckPort: '8080', HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2, HealthCheckPath: `/${text}`,
      Matcher: { HttpCode: '200' }, TargetType: 'instance', IpAddressType: 'ipv4', tags: [],
      attributes: { ...targetGroupAttributeDefaults('HTTP'), 'stickiness.enabled': 'true', 'slow_start.duration_seconds': '30' },
    } as TargetGroupDoc,
    targets: [{ key: `${arn}|i-0123456789abcdef0|8080`, id: 'i-0123456789abcdef0', addr: '127.0.0.1', port: 8080, draining: false }],
  });
  return {
    listeners: [{
      id: 'l1', port: 18000, protocol: 'HTTP', idleTimeoutSeconds: 60, defaultAction: forward,
      rules: [{ id: 'r1', conditions, action: fixed }, { id: 'r2', conditions: conditions.slice(0, 1), action: redirect }],
      responseHeaders: [{ name: 'Content-Security-Policy', value: text }],
      serverHeader: false,
    }],
    groups: [group(TG), group(TG2)],
  };
}

interface Shape { headers: string[]; keywords: string[][] }

/** Section headers in order, and per section the first word of each line. */
function shape(config: string): Shape {
  const out: Shape = { headers: [], keywords: [] };
  for (const line of config.split('\n')) {
    if (line === '' || line.trimStart().startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      out.headers.push(line.split(' ')[0] + (line.includes(' ') ? ` ${line.split(' ')[1]}` : ''));
      out.keywords.push([]);
    } else {
      out.keywords[out.keywords.length - 1].push(line.trim().split(' ')[0]);
    }
  }
  return out;
}

function assertContained(config: string): void {
  assert.doesNotMatch(config, /[\x00-\x09\x0b-\x1f\x7f]/, 'a control character other than the line feeds between lines');
  assert.equal(config.match(/^program /gm)?.length, 1, 'one program section: the watchdog');
  assert.doesNotMatch(config, /^\s*command (?!\/bin\/sh \/\S+\/watchdog\.sh$)/m, 'no command but the watchdog');
  assert.doesNotMatch(config, /^\s*(program pwned|command \/bin\/sh -c)/m, 'the injected section is data inside quoted words only');
}

function hasHaproxy(): boolean {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `haproxy -W -c` on the config rendered for a scratch run dir (errorfiles must exist). */
function assertHaproxyAccepts(spec: DataPlaneSpec): void {
  const dir = mkdtempSync(join(tmpdir(), 'berth-hostile-'));
  try {
    mkdirSync(join(dir, 'errors'));
    for (const s of [502, 503, 504]) writeFileSync(join(dir, 'errors', `${s}.http`), `HTTP/1.1 ${s} x\r\n\r\n`);
    writeFileSync(join(dir, 'h.cfg'), render(spec, { runDir: dir, bindIp: '127.0.0.1' }).config);
    execFileSync('haproxy', ['-W', '-c', '-q', '-f', join(dir, 'h.cfg')], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const OPTS = { runDir: '/run/berth', bindIp: '127.0.0.1' };
const haproxy = { skip: !hasHaproxy() };

describe('render with hostile values', () => {
  const benign = render(textSpec('a', 'X-Env'), OPTS).config;
  const hostile = render(textSpec(EVIL, EVIL), OPTS).config;

  it('free text in every field keeps every section and every line where it was', () => {
    assert.deepEqual(shape(hostile), shape(benign));
    assertContained(hostile);
  });

  it('the server marker cannot be forged: the config has exactly the rendered servers', () => {
    assert.equal(hostile.match(/^ {2}server /gm)?.length, 4);
  });

  it('HAProxy accepts the hostile configuration', haproxy, () => assertHaproxyAccepts(textSpec(EVIL, EVIL)));

  it('header names that are valid tokens but special to HAProxy (# $ \') stay one fetch argument', haproxy, () => {
    const spec = textSpec('a', "X'#$H");
    assert.match(render(spec, OPTS).config, /req\.fhdr\('X\\'\\''#\$H'\)/);
    assertHaproxyAccepts(spec);
  });

  it('bare values (numbers, codes, ports, CIDRs, methods, ids, targets) are checked, never interpolated', haproxy, () => {
    const spec = textSpec('a', 'X-Env');
    const [l] = spec.listeners;
    const bad = EVIL as never;
    l.rules.push(
      { id: 'rstatus', conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/s'] } }], action: { Type: 'fixed-response', FixedResponseConfig: { StatusCode: EVIL } } },
      { id: 'rcode', conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/c'] } }], action: { Type: 'redirect', RedirectConfig: { StatusCode: bad } } },
      { id: 'rsticky', conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/k'] } }], action: { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG, Weight: 1 }, { TargetGroupArn: TG2, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: bad } } } },
      { id: 'rweight', conditions: [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: [EVIL, 'GET'] } }, { Field: 'source-ip', SourceIpConfig: { Values: [EVIL] } }], action: { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG, Weight: bad }, { TargetGroupArn: TG2, Weight: 1 }] } } },
    );
    spec.listeners.push({ ...l, id: 'l2', port: bad, rules: [] });
    spec.groups[0].targets.push({ key: 'k', id: EVIL, addr: '127.0.0.1', port: 1, draining: false }, { key: 'k2', id: 'i-0123456789abcdef1', addr: EVIL, port: 1, draining: false }, { key: 'k3', id: 'i-0123456789abcdef2', addr: '127.0.0.1', port: bad, draining: false });
    spec.groups[1].group = {
      ...spec.groups[1].group, HealthCheckPort: EVIL, Matcher: { HttpCode: EVIL }, HealthCheckIntervalSeconds: bad, HealthCheckTimeoutSeconds: bad, HealthyThresholdCount: bad, UnhealthyThresholdCount: bad,
      attributes: { ...spec.groups[1].group.attributes, 'stickiness.lb_cookie.duration_seconds': EVIL, 'slow_start.duration_seconds': EVIL, 'load_balancing.algorithm.type': 'constructor' },
    };
    const config = render(spec, OPTS).config;
    assertContained(config);
    const known = shape(benign);
    const seen = shape(config);
    assert.deepEqual(seen.headers, known.headers, 'the listener with a bad port is left out; nothing else appears');
    assert.deepEqual(new Set(seen.keywords.flat()), new Set([...known.keywords.flat(), 'acl']));
    for (const id of ['rstatus', 'rcode', 'rsticky']) assert.ok(!config.includes(`str(${id})`), `rule ${id} with a bad action never matches`);
    assert.match(config, /acl r\d_c0 method GET\n {2}acl r\d_c1 always_false\n/);
    assert.match(config, /use_backend tg_bbbbbbbbbbbbbbbb if \{ var\(txn.rule\) -m str rweight \}\n/, 'a bad weight counts as 0');
    assert.match(config, /backend tg_bbbbbbbbbbbbbbbb\n {2}mode http\n {2}balance roundrobin\n {2}timeout server 60s\n {2}option allbackups\n {2}timeout check 5s\n/);
    assert.match(config, /http-check expect rstatus '\^\$'/);
    assert.match(config, /cookie AWSALB insert indirect nocache dynamic maxlife 86400s/);
    assert.equal(config.match(/^ {2}server /gm)?.length, 4, 'hostile targets get no server');
    assert.match(config, /server t_i-0123456789abcdef0_8080 127\.0\.0\.1:8080 check inter 30s fastinter 1s downinter 30s rise 5 fall 2 pool-purge/);
    assertHaproxyAccepts(spec);
  });

  it('a response header whose name is not a plain header name is left out', () => {
    const spec = textSpec('a', 'X-Env');
    spec.listeners[0].responseHeaders = [{ name: EVIL, value: 'v' }, { name: "X-A'b", value: 'v' }];
    assert.doesNotMatch(render(spec, OPTS).config, /set-header (?!X-Forwarded|X-Amzn-Trace-Id)/);
  });

  it('ids that are not plain tokens are replaced by a digest of the ARN', () => {
    const evilTg = `${ARN}targetgroup/e/${EVIL}`;
    assert.equal(idOf(TG), 'aaaaaaaaaaaaaaaa');
    assert.match(idOf(evilTg), /^[0-9a-f]{16}$/);
    const spec = textSpec('a', 'X-Env');
    spec.groups[1] = { ...spec.groups[1], arn: evilTg, id: idOf(evilTg) };
    spec.listeners[0].defaultAction = { Type: 'forward', TargetGroupArn: evilTg };
    const config = render(spec, OPTS).config;
    assertContained(config);
    assert.ok(config.includes(`use_backend tg_${idOf(evilTg)} if { var(txn.rule) -m str default }`) && config.includes(`backend tg_${idOf(evilTg)}\n`));
  });
});

describe('haproxy syntax helpers with hostile input', () => {
  it('quote escapes every control character and drops NUL', () => {
    assert.equal(quote("a'b\r\n\t\x01\x7f\0c"), `'a'\\''b'"\\x0d"''"\\x0a"''"\\x09"''"\\x01"''"\\x7f"'c'`);
  });
  it('wildcard regexes write control characters as \\xNN', () => {
    assert.equal(wildcardRegex('a\nb\0c*'), 'a\\x0ab\\x00c.*');
  });
  it('log-format literals percent-encode control characters and escape " \\ $ %', () => {
    assert.equal(logFormat([{ literal: 'a\r\nb"\\$%' }, { expr: '%[path]' }]), '"a%%0D%%0Ab\\"\\\\\\$%%%[path]"');
  });
  it('statusRegex is bounded: huge, backwards or malformed ranges are left out', () => {
    const started = Date.now();
    assert.equal(statusRegex('200-299999999'), '^$');
    assert.equal(statusRegex('299-200'), '^$');
    assert.equal(statusRegex('1e3,0x50,200'), '^(200)$');
    assert.match(statusRegex(Array(100_000).fill('100-999').join(',')), /^\^\(100\|101\|.*\|999\)\$$/);
    assert.ok(Date.now() - started < 1000);
  });
});
