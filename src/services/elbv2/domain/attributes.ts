/** Load balancer and target group attributes: AWS's defaults and value checks. */
import { clientError } from '../../../protocol/errors.js';
import { CONTROL, decimalIn, shown } from './formats.js';

export const ALB_ATTRIBUTES: Record<string, string> = {
  'access_logs.s3.enabled': 'false',
  'access_logs.s3.bucket': '',
  'access_logs.s3.prefix': '',
  'client_keep_alive.seconds': '3600',
  'connection_logs.s3.enabled': 'false',
  'connection_logs.s3.bucket': '',
  'connection_logs.s3.prefix': '',
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
  'zonal_shift.config.enabled': 'false',
};

export const NLB_ATTRIBUTES: Record<string, string> = {
  'access_logs.s3.enabled': 'false',
  'access_logs.s3.bucket': '',
  'access_logs.s3.prefix': '',
  'deletion_protection.enabled': 'false',
  'load_balancing.cross_zone.enabled': 'false',
  'dns_record.client_routing_policy': 'any_availability_zone',
  'zonal_shift.config.enabled': 'false',
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
const intIn = (min: number, max: number) => (v: string) => decimalIn(v, min, max) !== undefined;
const oneOf = (...values: string[]) => (v: string) => values.includes(v);
/** An S3 bucket name, or empty (access and connection logs are accepted but not written). */
const BUCKET = (v: string) => v === '' || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v);
/** AWS: the prefix cannot start with '/' nor contain 'AWSLogs'. */
const PREFIX = (v: string) => !CONTROL.test(v) && !v.startsWith('/') && !v.includes('AWSLogs');
/** An RFC 6265 cookie name (or empty), not one of the names the load balancer sets itself. */
const APP_COOKIE = (v: string) => v === '' || (/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/.test(v) && !v.startsWith('AWSALB'));

const SHARED_CHECKS: Record<string, (v: string) => boolean> = {
  'access_logs.s3.enabled': BOOL,
  'access_logs.s3.bucket': BUCKET,
  'access_logs.s3.prefix': PREFIX,
  'deletion_protection.enabled': BOOL,
  'deregistration_delay.timeout_seconds': intIn(0, 3600),
  'stickiness.enabled': BOOL,
  'stickiness.type': oneOf('lb_cookie', 'app_cookie', 'source_ip', 'source_ip_dest_ip', 'source_ip_dest_ip_proto'),
};

const LOAD_BALANCER_CHECKS: Record<string, (v: string) => boolean> = {
  ...SHARED_CHECKS,
  'client_keep_alive.seconds': intIn(60, 604800),
  'connection_logs.s3.enabled': BOOL,
  'connection_logs.s3.bucket': BUCKET,
  'connection_logs.s3.prefix': PREFIX,
  'idle_timeout.timeout_seconds': intIn(1, 4000),
  'load_balancing.cross_zone.enabled': BOOL,
  'routing.http.desync_mitigation_mode': oneOf('monitor', 'defensive', 'strictest'),
  'routing.http.drop_invalid_header_fields.enabled': BOOL,
  'routing.http.preserve_host_header.enabled': BOOL,
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': BOOL,
  'routing.http.xff_client_port.enabled': BOOL,
  'routing.http.xff_header_processing.mode': oneOf('append', 'preserve', 'remove'),
  'routing.http2.enabled': BOOL,
  'waf.fail_open.enabled': BOOL,
  'zonal_shift.config.enabled': BOOL,
  'dns_record.client_routing_policy': oneOf('availability_zone_affinity', 'partial_availability_zone_affinity', 'any_availability_zone'),
};

const TARGET_GROUP_CHECKS: Record<string, (v: string) => boolean> = {
  ...SHARED_CHECKS,
  'stickiness.lb_cookie.duration_seconds': intIn(1, 604800),
  'stickiness.app_cookie.cookie_name': APP_COOKIE,
  'stickiness.app_cookie.duration_seconds': intIn(1, 604800),
  'slow_start.duration_seconds': (v) => v === '0' || intIn(30, 900)(v),
  'load_balancing.algorithm.type': oneOf('round_robin', 'least_outstanding_requests', 'weighted_random'),
  'load_balancing.algorithm.anomaly_mitigation': oneOf('on', 'off'),
  'load_balancing.cross_zone.enabled': oneOf('true', 'false', 'use_load_balancer_configuration'),
  'proxy_protocol_v2.enabled': BOOL,
  'preserve_client_ip.enabled': BOOL,
  'deregistration_delay.connection_termination.enabled': BOOL,
};

/** The value check of every attribute a resource of that kind has (tests hold the defaults to them). */
export function attributeCheck(kind: 'Load balancer' | 'Target group', key: string): ((v: string) => boolean) | undefined {
  const checks = kind === 'Load balancer' ? LOAD_BALANCER_CHECKS : TARGET_GROUP_CHECKS;
  return Object.hasOwn(checks, key) ? checks[key] : undefined;
}

/**
 * Applies Key/Value pairs onto current attributes, refusing keys the resource does not have
 * and values outside AWS's formats and ranges; a key without a check is refused, not stored.
 */
export function applyAttributes(kind: 'Load balancer' | 'Target group', current: Record<string, string>, changes: { Key?: string; Value?: string }[]): Record<string, string> {
  const next = { ...current };
  for (const { Key, Value = '' } of changes) {
    if (!Key || !Object.hasOwn(current, Key)) throw clientError('ValidationError', `${kind} attribute key '${shown(Key ?? '')}' is not recognized`);
    if (!attributeCheck(kind, Key)?.(Value)) throw clientError('ValidationError', `${kind} attribute '${Key}' cannot have value '${shown(Value)}'`);
    next[Key] = Value;
  }
  return next;
}

export const asList = (attrs: Record<string, string>) => Object.entries(attrs).map(([Key, Value]) => ({ Key, Value }));
