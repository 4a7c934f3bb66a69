/** Load balancer and target group attributes: AWS's defaults and value checks. */
import { clientError } from '../../protocol/errors.js';

export const ALB_ATTRIBUTES: Record<string, string> = {
  'access_logs.s3.enabled': 'false',
  'access_logs.s3.bucket': '',
  'access_logs.s3.prefix': '',
  'client_keep_alive.seconds': '3600',
  'deletion_protection.enabled': 'false',
  'idle_timeout.timeout_seconds': '60',
  'load_balancing.cross_zone.enabled': 'true',
  'routing.http.desync_mitigation_mode': 'defensive',
  'routing.http.drop_invalid_header_fields.enabled': 'false',
  'routing.http.preserve_host_header.enabled': 'false',
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': 'false',
  'routing.http.xff_client_port.enabled': 'false',
  'routing.http.xff_header_processing.mode': 'append',
  'routing.http2.enabled': 'true',
  'waf.fail_open.enabled': 'false',
};

export const NLB_ATTRIBUTES: Record<string, string> = {
  'access_logs.s3.enabled': 'false',
  'access_logs.s3.bucket': '',
  'access_logs.s3.prefix': '',
  'deletion_protection.enabled': 'false',
  'load_balancing.cross_zone.enabled': 'false',
  'dns_record.client_routing_policy': 'any_availability_zone',
};

export function targetGroupAttributeDefaults(protocol: string | undefined): Record<string, string> {
  const common = { 'deregistration_delay.timeout_seconds': '300', 'stickiness.enabled': 'false' };
  if (protocol === 'TCP') {
    return { ...common, 'stickiness.type': 'source_ip', 'proxy_protocol_v2.enabled': 'false', 'preserve_client_ip.enabled': 'true', 'deregistration_delay.connection_termination.enabled': 'false' };
  }
  return {
    ...common,
    'stickiness.type': 'lb_cookie',
    'stickiness.lb_cookie.duration_seconds': '86400',
    'stickiness.app_cookie.cookie_name': '',
    'stickiness.app_cookie.duration_seconds': '86400',
    'slow_start.duration_seconds': '0',
    'load_balancing.algorithm.type': 'round_robin',
    'load_balancing.algorithm.anomaly_mitigation': 'off',
    'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  };
}

const BOOL = (v: string) => v === 'true' || v === 'false';
const intIn = (min: number, max: number) => (v: string) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;

const CHECKS: Record<string, (v: string) => boolean> = {
  'deletion_protection.enabled': BOOL,
  'routing.http2.enabled': BOOL,
  'idle_timeout.timeout_seconds': intIn(1, 4000),
  'client_keep_alive.seconds': intIn(60, 604800),
  'deregistration_delay.timeout_seconds': intIn(0, 3600),
  'stickiness.enabled': BOOL,
  'stickiness.lb_cookie.duration_seconds': intIn(1, 604800),
  'slow_start.duration_seconds': (v) => v === '0' || intIn(30, 900)(v),
  'load_balancing.algorithm.type': (v) => ['round_robin', 'least_outstanding_requests', 'weighted_random'].includes(v),
  'stickiness.type': (v) => ['lb_cookie', 'app_cookie', 'source_ip', 'source_ip_dest_ip', 'source_ip_dest_ip_proto'].includes(v),
};

/** Applies Key/Value pairs onto current attributes, refusing keys the resource does not have. */
export function applyAttributes(kind: 'Load balancer' | 'Target group', current: Record<string, string>, changes: { Key?: string; Value?: string }[]): Record<string, string> {
  const next = { ...current };
  for (const { Key, Value = '' } of changes) {
    if (!Key || !(Key in current)) throw clientError('ValidationError', `${kind} attribute key '${Key ?? ''}' is not recognized`);
    const ok = CHECKS[Key];
    if (ok && !ok(Value)) throw clientError('ValidationError', `${kind} attribute '${Key}' cannot have value '${Value}'`);
    next[Key] = Value;
  }
  return next;
}

export const asList = (attrs: Record<string, string>) => Object.entries(attrs).map(([Key, Value]) => ({ Key, Value }));
