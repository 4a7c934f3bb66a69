/**
 * Rule condition validation and the normalised form AWS returns (legacy Values show the
 * matching *Config too). Values are checked as AWS documents them: character sets and
 * lengths per field, and no control characters anywhere (ALB rules apply to visible
 * ASCII only), so nothing that could change the meaning of HAProxy's configuration is
 * stored in the first place.
 */
import { clientError } from '../../../protocol/errors.js';
import { RuleCondition } from './docs.js';
import { CONTROL, HEADER_NAME, HTTP_METHOD, isCidr, shown } from './formats.js';

const FIELDS = ['path-pattern', 'host-header', 'http-header', 'http-request-method', 'query-string', 'source-ip'];
const SINGLE = ['path-pattern', 'host-header', 'http-request-method', 'source-ip'];
const MAX_VALUE = 128;
/** AWS: A–Z, a–z, 0–9, _ - . $ / ~ " ' @ : + & and the wildcards * and ?. Case sensitive. */
const PATH_PATTERN = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
/** AWS: A–Z, a–z, 0–9, - . and the wildcards * and ?. */
const HOST_PATTERN = /^[A-Za-z0-9\-.*?]+$/;

type QueryPair = { Key?: string; Value?: string };

/** The values a condition matches on, whichever form (legacy Values or *Config) was given. */
function conditionValues(c: RuleCondition): string[] {
  switch (c.Field) {
    case 'path-pattern': return c.PathPatternConfig?.Values ?? c.Values ?? [];
    case 'host-header': return c.HostHeaderConfig?.Values ?? c.Values ?? [];
    case 'http-header': return c.HttpHeaderConfig?.Values ?? [];
    case 'http-request-method': return c.HttpRequestMethodConfig?.Values ?? [];
    case 'source-ip': return c.SourceIpConfig?.Values ?? [];
    default: return [];
  }
}

export function normalizeConditions(conditions: RuleCondition[]): RuleCondition[] {
  if (conditions.length === 0) throw clientError('ValidationError', 'A rule must have at least one condition');
  let total = 0;
  const seen = new Set<string>();
  const out = conditions.map((c) => {
    if (!c.Field || !FIELDS.includes(c.Field)) throw clientError('ValidationError', `Condition field '${shown(c.Field ?? '')}' must be one of '[${FIELDS.join(', ')}]'`);
    if (SINGLE.includes(c.Field) && seen.has(c.Field)) throw clientError('ValidationError', `A rule can only have one '${c.Field}' condition`);
    seen.add(c.Field);
    const normalized = c.Field === 'query-string' ? queryCondition(c.QueryStringConfig?.Values ?? []) : valueCondition(c, conditionValues(c));
    total += normalized.QueryStringConfig?.Values?.length ?? conditionValues(normalized).length;
    return normalized;
  });
  if (total > 5) throw clientError('ValidationError', 'A rule can only have up to 5 condition values');
  return out;
}

function requireValues(field: string, count: number): void {
  if (count === 0) throw clientError('ValidationError', `A condition value must be specified for the '${field}' condition`);
}

function checkLength(v: string): void {
  if (v.length === 0) throw clientError('ValidationError', 'A condition value cannot be empty');
  if (v.length > MAX_VALUE) throw clientError('ValidationError', `Condition value '${shown(v)}' cannot be longer than ${MAX_VALUE} characters`);
}

function valueCondition(c: RuleCondition, values: string[]): RuleCondition {
  const field = c.Field!;
  requireValues(field, values.length);
  for (const v of values) {
    checkLength(v);
    checkValue(field, v);
  }
  switch (field) {
    case 'path-pattern': return { Field: field, Values: values, PathPatternConfig: { Values: values } };
    case 'host-header': return { Field: field, Values: values, HostHeaderConfig: { Values: values } };
    case 'http-header': return { Field: field, HttpHeaderConfig: { HttpHeaderName: headerName(c.HttpHeaderConfig?.HttpHeaderName), Values: values } };
    case 'http-request-method': return { Field: field, HttpRequestMethodConfig: { Values: values } };
    default: return { Field: field, SourceIpConfig: { Values: values } };
  }
}

function checkValue(field: string, v: string): void {
  const refuse = (message: string) => {
    throw clientError('ValidationError', message);
  };
  switch (field) {
    case 'path-pattern':
      if (!PATH_PATTERN.test(v)) refuse(`The path pattern '${shown(v)}' can only contain the characters A-Z, a-z, 0-9, _ - . $ / ~ " ' @ : + & * ?`);
      break;
    case 'host-header':
      if (!HOST_PATTERN.test(v)) refuse(`The host header '${shown(v)}' can only contain the characters A-Z, a-z, 0-9, - . * ?`);
      break;
    case 'http-header':
      if (CONTROL.test(v)) refuse(`The HTTP header value '${shown(v)}' cannot contain control characters`);
      break;
    case 'http-request-method':
      if (!HTTP_METHOD.test(v)) refuse(`HTTP request method '${shown(v)}' is not valid; it can only contain the characters A-Z, - and _ (at most 40)`);
      break;
    default:
      if (!isCidr(v)) refuse(`The source IP '${shown(v)}' must be an IPv4 or IPv6 CIDR block`);
  }
}

function headerName(name: string | undefined): string {
  if (name === undefined || !HEADER_NAME.test(name)) {
    throw clientError('ValidationError', `HTTP header name '${shown(name ?? '')}' is not valid; it must be an RFC 7230 token of at most 40 characters`);
  }
  return name;
}

/** Key and Value are each at most 128 visible characters; a pair needs at least a Value or a Key. */
function queryCondition(pairs: QueryPair[]): RuleCondition {
  requireValues('query-string', pairs.length);
  const out = pairs.map(({ Key, Value }) => {
    if (!Key && !Value) throw clientError('ValidationError', 'A query string condition needs a key or a value in every pair');
    for (const part of [Key, Value]) {
      if (part === undefined || part === '') continue;
      checkLength(part);
      if (CONTROL.test(part)) throw clientError('ValidationError', `The query string key or value '${shown(part)}' cannot contain control characters`);
    }
    return { Key, Value };
  });
  return { Field: 'query-string', QueryStringConfig: { Values: out } };
}
