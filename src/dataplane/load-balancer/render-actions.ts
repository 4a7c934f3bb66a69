/**
 * ALB actions as HAProxy rules, each guarded by `{ var(txn.rule) -m str <rule id> }`.
 * Text goes in quoted (bodies, content types) or as escaped log-format literals (redirect
 * parts); numbers and codes written bare (status codes, weights, durations) are checked
 * again here whatever the record holds: an action with one that fails renders as
 * undefined, and its rule is left out, so it never matches.
 */
import { CONTENT_TYPES } from '../../services/elbv2/domain/actions.js';
import { Action } from '../../services/elbv2/domain/docs.js';
import { decimalIn } from '../../services/elbv2/domain/formats.js';
import { logFormat, quote } from './haproxy-syntax.js';
import { idOf } from './spec.js';

const WEIGHT_SCALE = 1_000_000;

export const backendName = (tgArn: string) => `tg_${idOf(tgArn)}`;

/** Whether the action draws a weighted random number per request (txn.w). */
export const drawsWeight = (a: Action) => (a.ForwardConfig?.TargetGroups?.length ?? 0) > 1;
export const weightDraw = `http-request set-var(txn.w) rand(${WEIGHT_SCALE})`;

/** `scheme` is the listener's (http or https): what a redirect's #{protocol} keeps. */
export function actionLines(ruleId: string, a: Action, listenerPort: number, scheme: 'http' | 'https'): string[] | undefined {
  const when = `{ var(txn.rule) -m str ${ruleId} }`;
  switch (a.Type) {
    case 'fixed-response': return fixedResponseLines(a, when);
    case 'redirect': return redirectLines(a, when, listenerPort, scheme);
    case 'forward': return forwardLines(a, when);
    default: return undefined;
  }
}

/** HAProxy runs http-request, then http-response, then use_backend rules; writing them in that order avoids its warnings. */
export function byPhase(lines: string[]): string[] {
  const rank = (l: string) => (l.startsWith('use_backend') ? 2 : l.startsWith('http-response') ? 1 : 0);
  return lines.map((l, i) => ({ l, i })).sort((x, y) => rank(x.l) - rank(y.l) || x.i - y.i).map((x) => x.l);
}

function fixedResponseLines(a: Action, when: string): string[] | undefined {
  const c = a.FixedResponseConfig;
  if (!c || !/^[245]\d\d$/.test(c.StatusCode)) return undefined;
  // The content type becomes a response header: only the API's list, never stored text.
  const type = CONTENT_TYPES.find((t) => t === c.ContentType) ?? 'text/plain';
  const payload = c.MessageBody ? ` content-type ${quote(type)} string ${quote(c.MessageBody)}` : '';
  return [`http-request return status ${c.StatusCode}${payload} if ${when}`];
}

function forwardLines(a: Action, when: string): string[] | undefined {
  const tuples = a.ForwardConfig?.TargetGroups ?? (a.TargetGroupArn ? [{ TargetGroupArn: a.TargetGroupArn }] : []);
  if (tuples.length === 0) return undefined;
  // A weight outside AWS's 0–999 counts as 0: never chosen.
  const groups = tuples.map((t) => ({ arn: t.TargetGroupArn, weight: decimalIn(t.Weight ?? 1, 0, 999) ?? 0 }));
  const weighted = groups.filter((g) => g.weight > 0);
  if (weighted.length <= 1) return [`use_backend ${backendName((weighted[0] ?? groups[0]).arn)} if ${when}`];
  const total = weighted.reduce((s, g) => s + g.weight, 0);
  let cumulative = 0;
  const draws = weighted.map((g, i) => {
    cumulative += g.weight;
    const bound = Math.round((cumulative / total) * WEIGHT_SCALE);
    const pick = i === weighted.length - 1 ? '' : ` { var(txn.w) -m int lt ${bound} }`;
    return `use_backend ${backendName(g.arn)} if ${when}${pick}`;
  });
  const stickiness = a.ForwardConfig?.TargetGroupStickinessConfig;
  if (!stickiness?.Enabled) return draws;
  const seconds = decimalIn(stickiness.DurationSeconds ?? 3600, 1, 604800);
  if (seconds === undefined) return undefined;
  // Target group stickiness: the AWSALBTG cookie names the group chosen first and wins over the draw.
  return [
    `http-response add-header Set-Cookie "AWSALBTG=%[be_name,regsub(^tg_,)]; Max-Age=${seconds}; Path=/" if ${when}`,
    ...weighted.map((g) => `use_backend ${backendName(g.arn)} if ${when} { req.cook(AWSALBTG) -m str ${idOf(g.arn)} }`),
    ...draws,
  ];
}

/** A Map, not an object literal: a stored code such as `constructor` must find nothing. */
const REDIRECT_CODES = new Map([['HTTP_301', '301'], ['HTTP_302', '302']]);

/** ALB's #{protocol}, #{host}, #{port}, #{path} (without its leading /) and #{query} placeholders. */
function redirectLines(a: Action, when: string, listenerPort: number, scheme: 'http' | 'https'): string[] | undefined {
  const c = a.RedirectConfig;
  const code = c && REDIRECT_CODES.get(c.StatusCode);
  if (!c || !code) return undefined;
  const protocol = c.Protocol === 'HTTPS' ? 'https' : c.Protocol === 'HTTP' ? 'http' : scheme;
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
  const query = c.Query ?? '#{query}';
  const withQuery = `http-request redirect location ${logFormat([...base, { literal: '?' }, ...place(query)])} code ${code} if ${when}`;
  const withoutQuery = `http-request redirect location ${logFormat(base)} code ${code} if ${when}`;
  if (query === '') return [withoutQuery];
  // An empty incoming query string adds no "?" when the template is only #{query}.
  return query === '#{query}' ? [`${withQuery} { query -m len 1: }`, withoutQuery] : [withQuery];
}
