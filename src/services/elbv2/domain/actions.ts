/**
 * Validation and normalisation of listener/rule actions, as AWS returns them: a forward to
 * one target group also shows ForwardConfig with weight 1, redirects show their #{…}
 * defaults. Every string that the data plane writes into HAProxy's configuration is
 * checked here as AWS checks it (lengths, formats, no control characters).
 */
import { clientError } from '../../../protocol/errors.js';
import { Action as ActionInput } from '../../../protocol/generated/elbv2.js';
import { ReadTx } from '../../../state/store.js';
import { Action, LoadBalancerDoc, TargetGroupTuple } from './docs.js';
import { CONTROL, decimalIn, shown } from './formats.js';
import { loadBalancersUsing, requireTargetGroup } from './lookups.js';

export const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];
/** A fixed-response body may span lines (tab, LF, CR); other control characters are refused. */
const BODY_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

type LoadBalancerType = LoadBalancerDoc['Type'];

/** Actions as requests give them (the contract's Action) checked, and as Berth stores them. */
export function normalizeActions(tx: ReadTx, lbArn: string, lbType: LoadBalancerType, actions: ActionInput[]): Action[] {
  if (actions.length === 0) throw clientError('ValidationError', 'At least one action must be specified');
  const terminal = actions.filter((a) => ['forward', 'redirect', 'fixed-response'].includes(a.Type));
  for (const a of actions) {
    if (!['forward', 'redirect', 'fixed-response'].includes(a.Type)) throw clientError('InvalidLoadBalancerAction', `Berth does not support the action type '${shown(String(a.Type))}'`);
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

/** The target groups a forward names, each with its ARN (the model leaves a tuple's ARN optional; AWS requires it). */
function forwardTuples(a: ActionInput): TargetGroupTuple[] {
  const tuples = a.ForwardConfig?.TargetGroups ?? (a.TargetGroupArn ? [{ TargetGroupArn: a.TargetGroupArn }] : []);
  return tuples.map(({ TargetGroupArn, Weight }) => {
    if (!TargetGroupArn) throw clientError('ValidationError', "A target group ARN must be specified for a 'forward' action");
    return { TargetGroupArn, Weight };
  });
}

function forward(tx: ReadTx, lbArn: string, lbType: LoadBalancerType, a: ActionInput, order: number): Action {
  const tuples = forwardTuples(a);
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
  return {
    Type: 'forward',
    Order: order,
    TargetGroupArn: tuples.length === 1 ? tuples[0].TargetGroupArn : undefined,
    ForwardConfig: { TargetGroups: tuples.map((t) => ({ TargetGroupArn: t.TargetGroupArn, Weight: weight(t.Weight) })), TargetGroupStickinessConfig: groupStickiness(a) },
  };
}

/** AWS: a weight is 0 to 999. */
function weight(w: number | undefined): number {
  if (w === undefined) return 1;
  if (decimalIn(w, 0, 999) === undefined) throw clientError('ValidationError', `Target group weight '${w}' must be between 0 and 999`);
  return w;
}

/** AWS: target group stickiness lasts 1 to 604800 seconds (7 days); 3600 unless given. */
function groupStickiness(a: ActionInput): { Enabled: boolean; DurationSeconds?: number } {
  const s = a.ForwardConfig?.TargetGroupStickinessConfig;
  if (!s?.Enabled) return { Enabled: false };
  const seconds = s.DurationSeconds ?? 3600;
  if (decimalIn(seconds, 1, 604800) === undefined) throw clientError('ValidationError', `Target group stickiness duration '${seconds}' must be between 1 and 604800 seconds`);
  return { Enabled: true, DurationSeconds: seconds };
}

const REDIRECT_PORT = /^(#\{port\}|[0-9]{1,5})$/;

/** AWS: Host and Path 1–128 characters, Query 0–128, Path starting with '/', Port a number 1–65535 or #{port}. */
function redirect(a: ActionInput, order: number): Action {
  const c = a.RedirectConfig;
  if (!c) throw clientError('ValidationError', "A redirect configuration must be specified for a 'redirect' action");
  const Protocol = c.Protocol ?? '#{protocol}';
  if (!['HTTP', 'HTTPS', '#{protocol}'].includes(Protocol)) throw clientError('ValidationError', `Redirect protocol '${shown(Protocol)}' must be one of 'HTTP', 'HTTPS' or '#{protocol}'`);
  const Port = c.Port ?? '#{port}';
  if (!REDIRECT_PORT.test(Port) || (Port !== '#{port}' && decimalIn(Port, 1, 65535) === undefined)) {
    throw clientError('ValidationError', `Redirect port '${shown(Port)}' must be '#{port}' or a number between 1 and 65535`);
  }
  const Host = redirectPart('host', c.Host ?? '#{host}', 1);
  const Path = redirectPart('path', c.Path ?? '/#{path}', 1);
  if (!Path.startsWith('/')) throw clientError('ValidationError', "The redirect path must start with a '/' character");
  const Query = redirectPart('query', c.Query ?? '#{query}', 0);
  if (c.StatusCode !== 'HTTP_301' && c.StatusCode !== 'HTTP_302') throw clientError('ValidationError', `Redirect status code '${shown(String(c.StatusCode ?? ''))}' must be 'HTTP_301' or 'HTTP_302'`);
  return { Type: 'redirect', Order: order, RedirectConfig: { Protocol, Port, Host, Path, Query, StatusCode: c.StatusCode } };
}

function redirectPart(name: string, value: string, min: number): string {
  if (value.length < min || value.length > 128) throw clientError('ValidationError', `The redirect ${name} must be between ${min} and 128 characters long`);
  if (CONTROL.test(value)) throw clientError('ValidationError', `The redirect ${name} '${shown(value)}' cannot contain control characters`);
  return value;
}

/** AWS: a status code 2XX, 4XX or 5XX, a body of at most 1024 characters, a content type from the list. */
function fixedResponse(a: ActionInput, order: number): Action {
  const c = a.FixedResponseConfig;
  if (!c) throw clientError('ValidationError', "A fixed response configuration must be specified for a 'fixed-response' action");
  if (!/^[245]\d\d$/.test(String(c.StatusCode ?? ''))) throw clientError('ValidationError', `Fixed response status code '${shown(String(c.StatusCode ?? ''))}' must be a 2XX, 4XX or 5XX code`);
  if (c.ContentType !== undefined && !CONTENT_TYPES.includes(c.ContentType)) {
    throw clientError('ValidationError', `Fixed response content type '${shown(c.ContentType)}' must be one of: ${CONTENT_TYPES.join(', ')}`);
  }
  if (c.MessageBody !== undefined && c.MessageBody.length > 1024) throw clientError('ValidationError', 'The fixed response message body cannot be longer than 1024 characters');
  if (c.MessageBody !== undefined && BODY_CONTROL.test(c.MessageBody)) throw clientError('ValidationError', 'The fixed response message body cannot contain control characters other than tab, line feed and carriage return');
  return { Type: 'fixed-response', Order: order, FixedResponseConfig: { MessageBody: c.MessageBody, StatusCode: c.StatusCode, ContentType: c.ContentType ?? 'text/plain' } };
}
