/**
 * Renders the HAProxy configuration for a DataPlaneSpec. Pure: the same spec gives the
 * same text. The result separates `structure` (everything but server lines; a change
 * needs a reload) from `servers` (changed at run time over the admin socket).
 *
 * Rules are evaluated in priority order by setting txn.rule to the first rule whose
 * conditions all match, then acting on txn.rule; so a fixed-response (an http-request
 * rule) never wins over a higher-priority forward (a use_backend).
 */
import { Action, RuleCondition, TargetGroupDoc } from '../../services/elbv2/docs.js';
import { logFormat, quote, statusRegex, wildcardRegex } from './haproxy-syntax.js';
import { DataPlaneSpec, GroupSpec, idOf, ListenerSpec } from './spec.js';

export interface RenderOptions {
  /** Directory of the admin socket, state file and error pages. */
  runDir: string;
  /** Address every listener binds. */
  bindIp: string;
}

export interface ServerEntry {
  backend: string;
  name: string;
  addr: string;
  port: number;
  /** The fail-open twin: a backup without checks that serves when no primary is up. */
  backup: boolean;
  draining: boolean;
  /** Whether HAProxy health-checks it (primaries of groups with health checks enabled). */
  checked: boolean;
  /** Whether its backend sets the AWSALB cookie (a server added at run time needs its cookie generated). */
  sticky: boolean;
  /** Keywords after the address, identical in the file and in `add server`. */
  params: string;
  /** The target record key this server belongs to. */
  targetKey: string;
}

export interface Rendered { structure: string; servers: ServerEntry[]; config: string }

const SERVER_MARK = '\0servers:';
const WEIGHT_SCALE = 1_000_000;

export const backendName = (tgArn: string) => `tg_${idOf(tgArn)}`;
const serverName = (id: string, port: number, backup: boolean) => `${backup ? 'b' : 't'}_${id}_${port}`;

export function render(spec: DataPlaneSpec, opts: RenderOptions): Rendered {
  const servers = spec.groups.flatMap(serverEntries);
  const sections = [globalSection(opts), ...spec.listeners.map((l) => frontend(l, opts)), ...spec.groups.map((g) => backend(g, opts))];
  const structure = sections.join('\n');
  const config = structure.replace(new RegExp(`${SERVER_MARK}(\\S+)\\n`, 'g'), (_m, be: string) =>
    servers.filter((s) => s.backend === be).map((s) => `  ${serverLine(s)}\n`).join(''));
  return { structure, servers, config };
}

export function serverLine(s: ServerEntry): string {
  return ['server', s.name, `${s.addr}:${s.port}`, s.params, s.draining ? 'disabled' : ''].filter(Boolean).join(' ');
}

function globalSection(o: RenderOptions): string {
  return `global
  stats socket ${o.runDir}/admin.sock mode 600 level admin expose-fd listeners
  maxconn 8000
  server-state-file ${o.runDir}/server-state
  # old workers finish in-flight requests after a reload, but not forever
  hard-stop-after 15m

defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-request 60s
  timeout queue 60s
  http-reuse always
  load-server-state-from-file global
  errorfile 502 ${o.runDir}/errors/502.http
  errorfile 503 ${o.runDir}/errors/502.http
  errorfile 504 ${o.runDir}/errors/504.http

program berth-watchdog
  command /bin/sh ${o.runDir}/watchdog.sh
  no option start-on-reload
`;
}

function frontend(l: ListenerSpec, o: RenderOptions): string {
  const head = `frontend l_${l.id}\n  bind ${o.bindIp}:${l.port}\n`;
  if (l.protocol === 'TCP') {
    return `${head}  mode tcp\n  timeout client ${l.idleTimeoutSeconds}s\n  default_backend ${backendName(l.defaultAction.TargetGroupArn ?? l.defaultAction.ForwardConfig!.TargetGroups![0].TargetGroupArn)}\n`;
  }
  const lines = [
    'mode http',
    `timeout client ${l.idleTimeoutSeconds}s`,
    `timeout http-keep-alive ${l.idleTimeoutSeconds}s`,
    'option forwardfor',
    'http-request set-header X-Forwarded-Proto http',
    `http-request set-header X-Forwarded-Port ${l.port}`,
    // Root=1-<epoch, 8 hex>-<96 random bits, 24 hex>; an incoming trace id is kept.
    `http-request set-header X-Amzn-Trace-Id "Root=1-%[date,hex,bytes(8),lower]-${'%[rand,hex,bytes(8),lower]'.repeat(3)}" unless { req.hdr(x-amzn-trace-id) -m found }`,
  ];
  l.rules.forEach((r, i) => {
    const acls = r.conditions.map((c, j) => conditionAcls(`r${i}_c${j}`, c));
    lines.push(...acls.flat(), `http-request set-var(txn.rule) str(${r.id}) if !{ var(txn.rule) -m found } ${r.conditions.map((_c, j) => `r${i}_c${j}`).join(' ')}`);
  });
  lines.push('http-request set-var(txn.rule) str(default) if !{ var(txn.rule) -m found }');
  const actions = [...l.rules.map((r) => ({ id: r.id, action: r.action })), { id: 'default', action: l.defaultAction }];
  if (actions.some((a) => (a.action.ForwardConfig?.TargetGroups?.length ?? 0) > 1)) lines.push(`http-request set-var(txn.w) rand(${WEIGHT_SCALE})`);
  lines.push(...byPhase(actions.flatMap((a) => actionLines(a.id, a.action, l.port))));
  return head + lines.map((x) => `  ${x}\n`).join('');
}

function conditionAcls(name: string, c: RuleCondition): string[] {
  const regexes = (values: string[], any?: string) => values.map((v) => quote(`^${wildcardRegex(v, any)}$`)).join(' ');
  switch (c.Field) {
    case 'path-pattern': return [`acl ${name} path -m reg ${regexes(c.PathPatternConfig!.Values!)}`];
    case 'host-header': return [`acl ${name} req.hdr(host),field(1,:) -i -m reg ${regexes(c.HostHeaderConfig!.Values!)}`];
    case 'http-header': return [`acl ${name} req.fhdr(${c.HttpHeaderConfig!.HttpHeaderName}) -i -m reg ${regexes(c.HttpHeaderConfig!.Values!)}`];
    case 'http-request-method': return [`acl ${name} method ${c.HttpRequestMethodConfig!.Values!.join(' ')}`];
    case 'source-ip': return [`acl ${name} src ${c.SourceIpConfig!.Values!.join(' ')}`];
    default:
      // query-string: same-named ACL lines are ORed by HAProxy.
      return c.QueryStringConfig!.Values!.map((kv) => kv.Key
        ? `acl ${name} url_param(${kv.Key}) -i -m reg ${quote(`^${wildcardRegex(kv.Value ?? '*', '[^&]*')}$`)}`
        : `acl ${name} query -i -m reg ${quote(`(^|&)[^=&]*=${wildcardRegex(kv.Value ?? '*', '[^&]*')}(&|$)`)}`);
  }
}

function actionLines(ruleId: string, a: Action, listenerPort: number): string[] {
  const when = `{ var(txn.rule) -m str ${ruleId} }`;
  if (a.Type === 'fixed-response') {
    const c = a.FixedResponseConfig!;
    const payload = c.MessageBody ? ` content-type ${quote(c.ContentType ?? 'text/plain')} string ${quote(c.MessageBody)}` : '';
    return [`http-request return status ${c.StatusCode}${payload} if ${when}`];
  }
  if (a.Type === 'redirect') return redirectLines(a, when, listenerPort);
  const tuples = a.ForwardConfig?.TargetGroups ?? [{ TargetGroupArn: a.TargetGroupArn!, Weight: 1 }];
  const weighted = tuples.filter((t) => (t.Weight ?? 1) > 0);
  if (weighted.length <= 1) return [`use_backend ${backendName((weighted[0] ?? tuples[0]).TargetGroupArn)} if ${when}`];
  const total = weighted.reduce((s, t) => s + (t.Weight ?? 1), 0);
  let cumulative = 0;
  const draws = weighted.map((t, i) => {
    cumulative += t.Weight ?? 1;
    const bound = Math.round((cumulative / total) * WEIGHT_SCALE);
    const pick = i === weighted.length - 1 ? '' : ` { var(txn.w) -m int lt ${bound} }`;
    return `use_backend ${backendName(t.TargetGroupArn)} if ${when}${pick}`;
  });
  const stickiness = a.ForwardConfig?.TargetGroupStickinessConfig;
  if (!stickiness?.Enabled) return draws;
  // Target group stickiness: the AWSALBTG cookie names the group chosen first and wins over the draw.
  return [
    `http-response add-header Set-Cookie "AWSALBTG=%[be_name,regsub(^tg_,)]; Max-Age=${stickiness.DurationSeconds ?? 3600}; Path=/" if ${when}`,
    ...weighted.map((t) => `use_backend ${backendName(t.TargetGroupArn)} if ${when} { req.cook(AWSALBTG) -m str ${idOf(t.TargetGroupArn)} }`),
    ...draws,
  ];
}

/** HAProxy runs http-request, then http-response, then use_backend rules; writing them in that order avoids its warnings. */
function byPhase(lines: string[]): string[] {
  const rank = (l: string) => (l.startsWith('use_backend') ? 2 : l.startsWith('http-response') ? 1 : 0);
  return lines.map((l, i) => ({ l, i })).sort((x, y) => rank(x.l) - rank(y.l) || x.i - y.i).map((x) => x.l);
}

/** ALB's #{protocol}, #{host}, #{port}, #{path} (without its leading /) and #{query} placeholders. */
function redirectLines(a: Action, when: string, listenerPort: number): string[] {
  const c = a.RedirectConfig!;
  const protocol = (c.Protocol === '#{protocol}' ? 'HTTP' : c.Protocol!).toLowerCase();
  const port = (c.Port ?? '#{port}').replace('#{port}', String(listenerPort));
  const defaultPort = (protocol === 'http' && port === '80') || (protocol === 'https' && port === '443');
  const place = (template: string) => template.split(/(#\{(?:host|path|port|query|protocol)\})/).filter(Boolean).map((t) => {
    switch (t) {
      case '#{host}': return { expr: '%[req.hdr(host),field(1,:)]' };
      case '#{path}': return { expr: '%[path,regsub(^/,)]' };
      case '#{port}': return { literal: String(listenerPort) };
      case '#{protocol}': return { literal: protocol };
      case '#{query}': return { expr: '%[query]' };
      default: return { literal: t };
    }
  });
  const base = [{ literal: `${protocol}://` }, ...place(c.Host ?? '#{host}'), ...(defaultPort ? [] : [{ literal: `:${port}` }]), ...place(c.Path ?? '/#{path}')];
  const code = c.StatusCode.replace('HTTP_', '');
  const query = c.Query ?? '#{query}';
  const withQuery = `http-request redirect location ${logFormat([...base, { literal: '?' }, ...place(query)])} code ${code} if ${when}`;
  if (query === '') return [`http-request redirect location ${logFormat(base)} code ${code} if ${when}`];
  if (!query.includes('#{query}')) return [withQuery];
  // An empty incoming query string adds no "?" when the template is only #{query}.
  return query === '#{query}'
    ? [`${withQuery} { query -m len 1: }`, `http-request redirect location ${logFormat(base)} code ${code} if ${when}`]
    : [withQuery];
}

function healthParams(g: TargetGroupDoc): string {
  if (!g.HealthCheckEnabled) return '';
  const interval = g.HealthCheckIntervalSeconds;
  const port = g.HealthCheckPort && g.HealthCheckPort !== 'traffic-port' ? ` port ${g.HealthCheckPort}` : '';
  // fastinter: a target in transition is rechecked after 1 s, so a new target is not held back a whole interval per check.
  return `check inter ${interval}s fastinter 1s downinter ${interval}s rise ${g.HealthyThresholdCount} fall ${g.UnhealthyThresholdCount}${port}`;
}

// Servers added at run time get no idle-connection pool by default in HAProxy 2.6 (purge delay 0), which
// halves throughput (measured 26k vs 57k req/s); these are the defaults config-file servers get.
const POOL = 'pool-purge-delay 5s pool-max-conn -1';

function sticky(tg: TargetGroupDoc): boolean {
  return tg.Protocol !== 'TCP' && tg.attributes['stickiness.enabled'] === 'true' && tg.attributes['stickiness.type'] === 'lb_cookie';
}

function serverEntries(g: GroupSpec): ServerEntry[] {
  const slow = Number(g.group.attributes['slow_start.duration_seconds'] ?? '0');
  const primary = `${healthParams(g.group)}${slow > 0 ? ` slowstart ${slow}s` : ''} ${POOL}`.trim();
  return g.targets.flatMap((t) => [
    { backend: backendName(g.arn), name: serverName(t.id, t.port, false), addr: t.addr, port: t.port, backup: false, draining: t.draining, checked: g.group.HealthCheckEnabled, sticky: sticky(g.group), params: primary, targetKey: t.key },
    { backend: backendName(g.arn), name: serverName(t.id, t.port, true), addr: t.addr, port: t.port, backup: true, draining: t.draining, checked: false, sticky: sticky(g.group), params: `backup ${POOL}`, targetKey: t.key },
  ]);
}

const ALGORITHMS: Record<string, string> = { round_robin: 'roundrobin', least_outstanding_requests: 'leastconn', weighted_random: 'random' };

function backend(g: GroupSpec, o: RenderOptions): string {
  const tg = g.group;
  const tcp = tg.Protocol === 'TCP';
  const lines = [`mode ${tcp ? 'tcp' : 'http'}`, `balance ${ALGORITHMS[tg.attributes['load_balancing.algorithm.type']] ?? 'roundrobin'}`, `timeout server ${g.idleTimeoutSeconds}s`, 'option allbackups'];
  if (tg.HealthCheckEnabled) {
    lines.push(`timeout check ${tg.HealthCheckTimeoutSeconds}s`);
    if (tg.HealthCheckProtocol !== 'TCP') {
      lines.push('option httpchk', `http-check send meth GET uri ${quote(tg.HealthCheckPath ?? '/')} ver HTTP/1.1 hdr Host elb-healthcheck hdr User-Agent ELB-HealthChecker/2.0`);
      lines.push(`http-check expect rstatus ${quote(statusRegex(tg.Matcher?.HttpCode ?? '200'))}`);
    }
  }
  if (sticky(tg)) {
    lines.push(`cookie AWSALB insert indirect nocache dynamic maxlife ${tg.attributes['stickiness.lb_cookie.duration_seconds']}s`, `dynamic-cookie-key ${g.id}`);
  }
  if (!tcp) {
    lines.push('option redispatch 1');
    // ALB answers 503 only when the group has no target to send to; HAProxy's own 503
    // (a target refused or dropped the connection) is ALB's 502, set in defaults.
    lines.push(`http-request return errorfile ${o.runDir}/errors/503.http if { nbsrv eq 0 }`);
  }
  return `backend ${backendName(g.arn)}\n${lines.map((x) => `  ${x}\n`).join('')}${SERVER_MARK}${backendName(g.arn)}\n`;
}
