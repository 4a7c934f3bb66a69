/**
 * Target group health check settings: AWS's defaults per protocol and AWS's checks. The
 * port, path and matcher end up in HAProxy's configuration, so they are held to AWS's
 * exact formats (a port is plain decimal: `1e3` and `0x50` are refused, as AWS does).
 */
import { clientError } from '../../../protocol/errors.js';
import { Protocol, TargetGroupDoc } from './docs.js';
import { decimalIn, shown } from './formats.js';

/** A target group's health check members, as CreateTargetGroup and ModifyTargetGroup take them. */
export const HEALTH_FIELDS = ['HealthCheckProtocol', 'HealthCheckPort', 'HealthCheckEnabled', 'HealthCheckPath', 'HealthCheckIntervalSeconds', 'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'UnhealthyThresholdCount', 'Matcher'] as const;
export type HealthSettings = Pick<TargetGroupDoc, (typeof HEALTH_FIELDS)[number]>;

/** AWS's health check defaults per protocol (ALB: HTTP, 30 s, 5 s, 5/2, "200"; NLB TCP: 30 s, 10 s, 5/2). */
export function healthDefaults(protocol: Protocol | undefined): HealthSettings {
  if (protocol === 'TCP') {
    return { HealthCheckProtocol: 'TCP', HealthCheckPort: 'traffic-port', HealthCheckEnabled: true, HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 10, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2 };
  }
  return {
    HealthCheckProtocol: protocol ?? 'HTTP', HealthCheckPort: 'traffic-port', HealthCheckEnabled: true, HealthCheckPath: '/',
    HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2, Matcher: { HttpCode: '200' },
  };
}

/** "200", "200,202", "200-299" or a mix: three-digit codes and ranges separated by commas. */
const MATCHER = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/;
/** Visible ASCII after the leading '/': the path goes into the health check's request line as is. */
const HEALTH_CHECK_PATH = /^\/[\x21-\x7e]{0,1023}$/;

const refuse = (message: string): never => {
  throw clientError('ValidationError', message);
};

export function validateHealth(tg: TargetGroupDoc): void {
  checkNumbers(tg);
  if (tg.HealthCheckTimeoutSeconds >= tg.HealthCheckIntervalSeconds) {
    refuse(`Health check timeout '${tg.HealthCheckTimeoutSeconds}' must be smaller than the interval '${tg.HealthCheckIntervalSeconds}'`);
  }
  const port = tg.HealthCheckPort;
  if (port !== undefined && port !== 'traffic-port' && decimalIn(port, 1, 65535) === undefined) {
    refuse(`Health check port '${shown(String(port))}' must be 'traffic-port' or a number between 1 and 65535`);
  }
  if (tg.HealthCheckProtocol === 'HTTPS') refuse("Berth supports health check protocols HTTP and TCP, not 'HTTPS'");
  if (tg.HealthCheckProtocol !== 'HTTP' && tg.HealthCheckProtocol !== 'TCP') refuse(`Health check protocol '${shown(String(tg.HealthCheckProtocol))}' must be one of 'HTTP', 'TCP'`);
  if (tg.HealthCheckProtocol === 'TCP' && tg.Protocol !== 'TCP') refuse(`Health check protocol 'TCP' is not supported for target groups with the protocol '${tg.Protocol}'`);
  if (tg.Matcher?.HttpCode !== undefined) checkMatcher(tg.Matcher.HttpCode, tg.Protocol === 'TCP' ? 599 : 499);
  const path = tg.HealthCheckPath;
  if (path !== undefined && !path.startsWith('/')) refuse("Health check path must begin with a '/' character");
  if (path !== undefined && !HEALTH_CHECK_PATH.test(path)) refuse(`Health check path '${shown(path)}' must be at most 1024 visible ASCII characters, with no spaces or control characters`);
}

/** The model's ranges, checked again for callers that do not come through the wire protocol. */
function checkNumbers(tg: TargetGroupDoc): void {
  const ranges: [keyof TargetGroupDoc, number, number][] = [
    ['HealthCheckIntervalSeconds', 5, 300], ['HealthCheckTimeoutSeconds', 2, 120], ['HealthyThresholdCount', 2, 10], ['UnhealthyThresholdCount', 2, 10],
  ];
  for (const [field, min, max] of ranges) {
    if (decimalIn(tg[field], min, max) === undefined) refuse(`${field} '${shown(String(tg[field]))}' must be a whole number between ${min} and ${max}`);
  }
}

/** ALB accepts codes 200–499, NLB 200–599; a range must not run backwards. */
function checkMatcher(code: string, highest: number): void {
  const ranges = MATCHER.test(code) ? code.split(',').map((part) => part.split('-').map(Number)) : undefined;
  const ok = ranges?.every(([from, to = from]) => from >= 200 && to <= highest && from <= to);
  if (!ok) refuse(`Health check matcher HTTP code '${shown(code)}' must be within '200-${highest}' range`);
}
