/**
 * Renders the HAProxy configuration for a DataPlaneSpec. Pure: the same spec gives the
 * same text. The result separates `structure` (everything but server lines; a change
 * needs a reload) from `servers` (changed at run time over the admin socket).
 *
 * Rules are evaluated in priority order by setting txn.rule to the first rule whose
 * conditions all match, then acting on txn.rule; so a fixed-response (an http-request
 * rule) never wins over a higher-priority forward (a use_backend).
 *
 * No stored value reaches the text raw: text is quoted or escaped (haproxy-syntax.ts), and
 * numbers, addresses and names written bare are checked again here, whatever the record
 * holds (the API has checked them already; this is the second line of defence).
 */
import { isIP } from 'node:net';
import { TargetGroupDoc } from '../../services/elbv2/domain/docs.js';
import { decimalIn } from '../../services/elbv2/domain/formats.js';
import { percentEncode, quote, statusRegex } from './haproxy-syntax.js';
import { actionLines, backendName, byPhase, drawsWeight, weightDraw } from './render-actions.js';
import { conditionAcls } from './render-conditions.js';
import { DataPlaneSpec, GroupSpec, ListenerSpec } from './spec.js';
import { sslBindOptions } from './tls-options.js';

export interface RenderOptions {
  /** Directory of the admin socket, state file and error pages. */
  runDir: string;
  /** Address every listener binds. */
  bindIp: string;
  /** HTTPS listener id → its crt-list (tls-files.ts); an HTTPS listener without one is not served. */
  crtLists?: ReadonlyMap<string, string>;
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

const serverName = (id: string, port: number, backup: boolean) => `${backup ? 'b' : 't'}_${id}_${port}`;

export function render(spec: DataPlaneSpec, opts: RenderOptions): Rendered {
  const servers = spec.groups.flatMap(serverEntries);
  const head = [globalSection(opts), ...spec.listeners.flatMap((l) => frontend(l, opts) ?? [])];
  const backends = spec.groups.map((g) => ({ name: backendName(g.arn), text: backend(g, opts) }));
  const structure = [...head, ...backends.map((b) => b.text)].join('\n');
  const withServers = backends.map((b) => b.text + servers.filter((s) => s.backend === b.name).map((s) => `  ${serverLine(s)}\n`).join(''));
  return { structure, servers, config: [...head, ...withServers].join('\n') };
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

# A reload re-executes the master with every old program's pid in -sf, which ends the
# watchdog; start-on-reload starts a fresh one with each generation (see watchdog.ts).
program berth-watchdog
  command /bin/sh ${o.runDir}/watchdog.sh
  option start-on-reload
`;
}

const scheme = (l: ListenerSpec) => (l.protocol === 'HTTPS' ? 'https' : 'http');

/**
 * HTTPS terminates TLS with the listener's crt-list (default certificate first, the others by
 * SNI) under its security policy's versions and ciphers, offering HTTP/2 as ALB does; none
 * when its certificates could not be had.
 */
function bindLine(l: ListenerSpec, o: RenderOptions, port: number): string | undefined {
  if (l.protocol !== 'HTTPS') return `bind ${o.bindIp}:${port}`;
  const crtList = o.crtLists?.get(l.id);
  return crtList ? `bind ${o.bindIp}:${port} ssl crt-list ${crtList} ${sslBindOptions(l.tls?.sslPolicy)} alpn h2,http/1.1` : undefined;
}

/** A listener whose port is not 1–65535 (a record not written by the API) is not served. */
function frontend(l: ListenerSpec, o: RenderOptions): string | undefined {
  const port = decimalIn(l.port, 1, 65535);
  if (port === undefined) return undefined;
  const bind = bindLine(l, o, port);
  if (!bind) return undefined;
  const head = `frontend l_${l.id}\n  ${bind}\n`;
  if (l.protocol === 'TCP') {
    const tg = l.defaultAction.TargetGroupArn ?? l.defaultAction.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
    return `${head}  mode tcp\n  timeout client ${l.idleTimeoutSeconds}s\n${tg ? `  default_backend ${backendName(tg)}\n` : ''}`;
  }
  const lines = [
    'mode http',
    `timeout client ${l.idleTimeoutSeconds}s`,
    `timeout http-keep-alive ${l.idleTimeoutSeconds}s`,
    'option forwardfor',
    `http-request set-header X-Forwarded-Proto ${scheme(l)}`,
    `http-request set-header X-Forwarded-Port ${port}`,
    // Root=1-<epoch, 8 hex>-<96 random bits, 24 hex>; an incoming trace id is kept.
    `http-request set-header X-Amzn-Trace-Id "Root=1-%[date,hex,bytes(8),lower]-${'%[rand,hex,bytes(8),lower]'.repeat(3)}" unless { req.hdr(x-amzn-trace-id) -m found }`,
  ];
  // A rule whose action cannot be rendered safely is left out: it never matches.
  const rules = l.rules.map((r) => ({ ...r, lines: actionLines(r.id, r.action, port, scheme(l)) })).filter((r) => r.lines);
  rules.forEach((r, i) => {
    const acls = r.conditions.map((c, j) => conditionAcls(`r${i}_c${j}`, c));
    lines.push(...acls.flat(), `http-request set-var(txn.rule) str(${r.id}) if !{ var(txn.rule) -m found } ${r.conditions.map((_c, j) => `r${i}_c${j}`).join(' ')}`);
  });
  lines.push('http-request set-var(txn.rule) str(default) if !{ var(txn.rule) -m found }');
  if ([...rules.map((r) => r.action), l.defaultAction].some(drawsWeight)) lines.push(weightDraw);
  lines.push(...byPhase([...rules.flatMap((r) => r.lines!), ...(actionLines('default', l.defaultAction, port, scheme(l)) ?? [])]));
  lines.push(...responseHeaderLines(l));
  return head + lines.map((x) => `  ${x}\n`).join('');
}

/**
 * ALB header modification. http-after-response also reaches the responses HAProxy makes itself
 * (fixed responses, redirects, error pages), as ALB adds the headers to every response. Names
 * come from Berth's own table; values are quoted. Turning the server header off removes only
 * the load balancer's own `Server: awselb/2.0`, never a target's.
 */
function responseHeaderLines(l: ListenerSpec): string[] {
  const lines = (l.responseHeaders ?? []).filter((h) => /^[A-Za-z-]+$/.test(h.name)).map((h) => `http-after-response set-header ${h.name} ${quote(h.value)}`);
  if (l.serverHeader === false) lines.push('http-after-response del-header server if { res.hdr(server) -m str awselb/2.0 }');
  return lines;
}

/**
 * Health check settings outside AWS's ranges (only a record not written by the API has
 * them) fall back to AWS's defaults; a port that is not plain decimal means the traffic port.
 */
function healthParams(g: TargetGroupDoc): string {
  if (!g.HealthCheckEnabled) return '';
  const interval = decimalIn(g.HealthCheckIntervalSeconds, 5, 300) ?? 30;
  const rise = decimalIn(g.HealthyThresholdCount, 2, 10) ?? 5;
  const fall = decimalIn(g.UnhealthyThresholdCount, 2, 10) ?? 2;
  const port = decimalIn(g.HealthCheckPort, 1, 65535);
  // fastinter: a target in transition is rechecked after 1 s, so a new target is not held back a whole interval per check.
  return `check inter ${interval}s fastinter 1s downinter ${interval}s rise ${rise} fall ${fall}${port ? ` port ${port}` : ''}`;
}

// Servers added at run time get no idle-connection pool by default in HAProxy 2.6 (purge delay 0), which
// halves throughput (measured 26k vs 57k req/s); these are the defaults config-file servers get.
const POOL = 'pool-purge-delay 5s pool-max-conn -1';

function sticky(tg: TargetGroupDoc): boolean {
  return tg.Protocol !== 'TCP' && tg.attributes['stickiness.enabled'] === 'true' && tg.attributes['stickiness.type'] === 'lb_cookie';
}

/** Targets are instance ids or IPv4 addresses on a port; one that is not (a record not written by the API) gets no server. */
const servable = (t: GroupSpec['targets'][number]) => /^[A-Za-z0-9.-]{1,64}$/.test(t.id) && isIP(t.addr) !== 0 && decimalIn(t.port, 1, 65535) !== undefined;

function serverEntries(g: GroupSpec): ServerEntry[] {
  const slow = decimalIn(g.group.attributes['slow_start.duration_seconds'], 30, 900);
  const primary = `${healthParams(g.group)}${slow ? ` slowstart ${slow}s` : ''} ${POOL}`.trim();
  return g.targets.filter(servable).flatMap((t) => [
    { backend: backendName(g.arn), name: serverName(t.id, t.port, false), addr: t.addr, port: t.port, backup: false, draining: t.draining, checked: g.group.HealthCheckEnabled, sticky: sticky(g.group), params: primary, targetKey: t.key },
    { backend: backendName(g.arn), name: serverName(t.id, t.port, true), addr: t.addr, port: t.port, backup: true, draining: t.draining, checked: false, sticky: sticky(g.group), params: `backup ${POOL}`, targetKey: t.key },
  ]);
}

const ALGORITHMS = new Map([['round_robin', 'roundrobin'], ['least_outstanding_requests', 'leastconn'], ['weighted_random', 'random']]);

/** The health check's request line: anything but visible ASCII in the path is percent-encoded. */
const requestPath = (path: string) => path.replace(/[^\x21-\x7e]/gu, percentEncode);

function backend(g: GroupSpec, o: RenderOptions): string {
  const tg = g.group;
  const tcp = tg.Protocol === 'TCP';
  const lines = [`mode ${tcp ? 'tcp' : 'http'}`, `balance ${ALGORITHMS.get(tg.attributes['load_balancing.algorithm.type']) ?? 'roundrobin'}`, `timeout server ${g.idleTimeoutSeconds}s`, 'option allbackups'];
  if (tg.HealthCheckEnabled) {
    lines.push(`timeout check ${decimalIn(tg.HealthCheckTimeoutSeconds, 2, 120) ?? 5}s`);
    if (tg.HealthCheckProtocol !== 'TCP') {
      lines.push('option httpchk', `http-check send meth GET uri ${quote(requestPath(tg.HealthCheckPath ?? '/'))} ver HTTP/1.1 hdr Host elb-healthcheck hdr User-Agent ELB-HealthChecker/2.0`);
      lines.push(`http-check expect rstatus ${quote(statusRegex(tg.Matcher?.HttpCode ?? '200'))}`);
    }
  }
  if (sticky(tg)) {
    const maxlife = decimalIn(tg.attributes['stickiness.lb_cookie.duration_seconds'], 1, 604800) ?? 86400;
    lines.push(`cookie AWSALB insert indirect nocache dynamic maxlife ${maxlife}s`, `dynamic-cookie-key ${g.id}`);
  }
  if (!tcp) {
    lines.push('option redispatch 1');
    // ALB answers 503 only when the group has no target to send to; HAProxy's own 503
    // (a target refused or dropped the connection) is ALB's 502, set in defaults.
    lines.push(`http-request return errorfile ${o.runDir}/errors/503.http if { nbsrv eq 0 }`);
  }
  return `backend ${backendName(g.arn)}\n${lines.map((x) => `  ${x}\n`).join('')}`;
}
