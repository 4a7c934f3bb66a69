/**
 * Validation and normalisation of listener/rule actions and rule conditions, as AWS
 * returns them: a forward to one target group also shows ForwardConfig with weight 1,
 * redirects show their #{…} defaults, legacy Values show the matching *Config too.
 */
import { clientError } from '../../protocol/errors.js';
import { ReadTx } from '../../state/store.js';
import { Action, RuleCondition } from './docs.js';
import { loadBalancersUsing, requireTargetGroup } from './lookups.js';

const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];

export function normalizeActions(tx: ReadTx, lbArn: string, lbType: string, actions: Action[]): Action[] {
  if (actions.length === 0) throw clientError('ValidationError', 'At least one action must be specified');
  const terminal = actions.filter((a) => ['forward', 'redirect', 'fixed-response'].includes(a.Type));
  for (const a of actions) {
    if (!['forward', 'redirect', 'fixed-response'].includes(a.Type)) throw clientError('InvalidLoadBalancerAction', `Berth does not support the action type '${a.Type}'`);
  }
  if (terminal.length > 1) throw clientError('TooManyActions', 'You can specify only one forward, redirect or fixed-response action');
  return actions.map((a, i) => {
    const order = a.Order ?? i + 1;
    if (a.Type === 'forward') return forward(tx, lbArn, lbType, a, order);
    if (lbType === 'network') throw clientError('InvalidLoadBalancerAction', `Action type '${a.Type}' is not supported for network load balancers`);
    if (a.Type === 'redirect') return redirect(a, order);
    return fixedResponse(a, order);
  });
}

function forward(tx: ReadTx, lbArn: string, lbType: string, a: Action, order: number): Action {
  const tuples = a.ForwardConfig?.TargetGroups ?? (a.TargetGroupArn ? [{ TargetGroupArn: a.TargetGroupArn }] : []);
  if (tuples.length === 0) throw clientError('ValidationError', "A target group ARN must be specified for a 'forward' action");
  if (a.TargetGroupArn && a.ForwardConfig?.TargetGroups && (tuples.length !== 1 || tuples[0].TargetGroupArn !== a.TargetGroupArn)) {
    throw clientError('ValidationError', 'You cannot specify both a target group ARN and a forward config with different target groups');
  }
  if (tuples.length > 5) throw clientError('ValidationError', 'A forward action can have at most 5 target groups');
  if (new Set(tuples.map((t) => t.TargetGroupArn)).size !== tuples.length) throw clientError('ValidationError', 'Target group ARNs must be unique in a forward action');
  for (const t of tuples) {
    const tg = requireTargetGroup(tx, t.TargetGroupArn);
    const tcp = tg.Protocol === 'TCP';
    if (tcp !== (lbType === 'network')) {
      throw clientError('IncompatibleProtocols', `The target group '${t.TargetGroupArn}' with protocol '${tg.Protocol}' is not compatible with a ${lbType} load balancer`);
    }
    const others = loadBalancersUsing(tx, t.TargetGroupArn).filter((x) => x !== lbArn);
    if (others.length > 0) throw clientError('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${t.TargetGroupArn}`);
  }
  const stickiness = a.ForwardConfig?.TargetGroupStickinessConfig;
  return {
    Type: 'forward',
    Order: order,
    TargetGroupArn: tuples.length === 1 ? tuples[0].TargetGroupArn : undefined,
    ForwardConfig: {
      TargetGroups: tuples.map((t) => ({ TargetGroupArn: t.TargetGroupArn, Weight: t.Weight ?? 1 })),
      TargetGroupStickinessConfig: stickiness?.Enabled ? { Enabled: true, DurationSeconds: stickiness.DurationSeconds ?? 3600 } : { Enabled: false },
    },
  };
}

function redirect(a: Action, order: number): Action {
  const c = a.RedirectConfig;
  if (!c) throw clientError('ValidationError', "A redirect configuration must be specified for a 'redirect' action");
  const Path = c.Path ?? '/#{path}';
  if (!Path.startsWith('/')) throw clientError('ValidationError', "The redirect path must start with a '/' character");
  const Protocol = c.Protocol ?? '#{protocol}';
  if (!['HTTP', 'HTTPS', '#{protocol}'].includes(Protocol)) throw clientError('ValidationError', `Redirect protocol '${Protocol}' must be one of 'HTTP', 'HTTPS' or '#{protocol}'`);
  return { Type: 'redirect', Order: order, RedirectConfig: { Protocol, Port: c.Port ?? '#{port}', Host: c.Host ?? '#{host}', Path, Query: c.Query ?? '#{query}', StatusCode: c.StatusCode } };
}

function fixedResponse(a: Action, order: number): Action {
  const c = a.FixedResponseConfig;
  if (!c) throw clientError('ValidationError', "A fixed response configuration must be specified for a 'fixed-response' action");
  if (c.ContentType !== undefined && !CONTENT_TYPES.includes(c.ContentType)) {
    throw clientError('ValidationError', `Fixed response content type '${c.ContentType}' must be one of: ${CONTENT_TYPES.join(', ')}`);
  }
  return { Type: 'fixed-response', Order: order, FixedResponseConfig: { MessageBody: c.MessageBody, StatusCode: c.StatusCode, ContentType: c.ContentType ?? 'text/plain' } };
}

const FIELDS = ['path-pattern', 'host-header', 'http-header', 'http-request-method', 'query-string', 'source-ip'];
const SINGLE = ['path-pattern', 'host-header', 'http-request-method', 'source-ip'];

/** The values a condition matches on, whichever form (legacy Values or *Config) was given. */
export function conditionValues(c: RuleCondition): string[] {
  switch (c.Field) {
    case 'path-pattern': return c.PathPatternConfig?.Values ?? c.Values ?? [];
    case 'host-header': return c.HostHeaderConfig?.Values ?? c.Values ?? [];
    case 'http-header': return c.HttpHeaderConfig?.Values ?? [];
    case 'http-request-method': return c.HttpRequestMethodConfig?.Values ?? [];
    case 'source-ip': return c.SourceIpConfig?.Values ?? [];
    case 'query-string': return (c.QueryStringConfig?.Values ?? []).map((kv) => `${kv.Key ?? ''}=${kv.Value ?? ''}`);
    default: return [];
  }
}

export function normalizeConditions(conditions: RuleCondition[]): RuleCondition[] {
  if (conditions.length === 0) throw clientError('ValidationError', 'A rule must have at least one condition');
  let total = 0;
  const seen = new Set<string>();
  const out = conditions.map((c) => {
    if (!c.Field || !FIELDS.includes(c.Field)) throw clientError('ValidationError', `Condition field '${c.Field ?? ''}' must be one of '[${FIELDS.join(', ')}]'`);
    if (SINGLE.includes(c.Field) && seen.has(c.Field)) throw clientError('ValidationError', `A rule can only have one '${c.Field}' condition`);
    seen.add(c.Field);
    const values = conditionValues(c);
    if (values.length === 0) throw clientError('ValidationError', `A condition value must be specified for the '${c.Field}' condition`);
    total += values.length;
    checkValues(c, values);
    return normalizeCondition(c, values);
  });
  if (total > 5) throw clientError('ValidationError', 'A rule can only have up to 5 condition values');
  return out;
}

function checkValues(c: RuleCondition, values: string[]): void {
  if (c.Field === 'http-header' && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(c.HttpHeaderConfig?.HttpHeaderName ?? '')) {
    throw clientError('ValidationError', 'A valid HTTP header name must be specified for the http-header condition');
  }
  for (const v of values) {
    if (v.length > 128) throw clientError('ValidationError', `Condition value '${v}' cannot be longer than 128 characters`);
    if (c.Field === 'http-request-method' && !/^[A-Z_-]+$/.test(v)) throw clientError('ValidationError', `HTTP request method '${v}' is not valid`);
    if (c.Field === 'source-ip' && !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(v)) throw clientError('ValidationError', `The source IP '${v}' must be an IPv4 CIDR block`);
  }
}

function normalizeCondition(c: RuleCondition, values: string[]): RuleCondition {
  switch (c.Field) {
    case 'path-pattern': return { Field: c.Field, Values: values, PathPatternConfig: { Values: values } };
    case 'host-header': return { Field: c.Field, Values: values, HostHeaderConfig: { Values: values } };
    case 'http-header': return { Field: c.Field, HttpHeaderConfig: { HttpHeaderName: c.HttpHeaderConfig!.HttpHeaderName, Values: values } };
    case 'http-request-method': return { Field: c.Field, HttpRequestMethodConfig: { Values: values } };
    case 'source-ip': return { Field: c.Field, SourceIpConfig: { Values: values } };
    default: return { Field: c.Field, QueryStringConfig: { Values: c.QueryStringConfig!.Values } };
  }
}
