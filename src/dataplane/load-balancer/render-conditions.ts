/**
 * ALB rule conditions as HAProxy ACLs (same-named ACL lines are ORed). Values that can be
 * quoted (paths, hosts, header values, query strings) become escaped regexes in quoted
 * words; those that cannot (methods, CIDRs) and the header name inside its fetch are
 * checked again here against the API's strict formats, whatever the record holds: a value
 * that fails is left out, and a condition left with none never matches.
 */
import { RuleCondition } from '../../services/elbv2/domain/docs.js';
import { HEADER_NAME, HTTP_METHOD, isCidr } from '../../services/elbv2/domain/formats.js';
import { quote, wildcardRegex } from './haproxy-syntax.js';

const anchored = (values: string[]) => values.map((v) => quote(`^${wildcardRegex(v)}$`));

export function conditionAcls(name: string, c: RuleCondition): string[] {
  const never = [`acl ${name} always_false`];
  const acl = (criterion: string, patterns: string[]) => (patterns.length ? [`acl ${name} ${criterion} ${patterns.join(' ')}`] : never);
  switch (c.Field) {
    case 'path-pattern': return acl('path -m reg', anchored(c.PathPatternConfig?.Values ?? []));
    case 'host-header': return acl('req.hdr(host),field(1,:) -i -m reg', anchored(c.HostHeaderConfig?.Values ?? []));
    case 'http-header': {
      const header = c.HttpHeaderConfig?.HttpHeaderName ?? '';
      return HEADER_NAME.test(header) ? acl(`req.fhdr(${fetchArgument(header)}) -i -m reg`, anchored(c.HttpHeaderConfig?.Values ?? [])) : never;
    }
    case 'http-request-method': return acl('method', (c.HttpRequestMethodConfig?.Values ?? []).filter((v) => HTTP_METHOD.test(v)));
    case 'source-ip': return acl('src', (c.SourceIpConfig?.Values ?? []).filter(isCidr));
    case 'query-string': {
      const pairs = c.QueryStringConfig?.Values ?? [];
      return pairs.length ? pairs.map((kv) => `acl ${name} query -i -m reg ${quote(queryRegex(kv.Key, kv.Value))}`) : never;
    }
    default: return never;
  }
}

/**
 * A key=value pair anywhere in the query string (wildcards stay within the key or the
 * value); without a key, any key. A regex over `query` rather than url_param(<key>): the
 * key is data inside a quoted regex, never part of a fetch expression.
 */
function queryRegex(key: string | undefined, value: string | undefined): string {
  const k = key ? wildcardRegex(key, '[^&=]*', '[^&=]') : '[^=&]*';
  return `(^|&)${k}=${wildcardRegex(value ?? '*', '[^&]*', '[^&]')}(&|$)`;
}

/** A header name (an RFC 7230 token) as a fetch argument: the word is quoted for `#` and `$`; a `'` is escaped for the argument parser. */
function fetchArgument(header: string): string {
  return quote(header.replace(/'/g, "\\'"));
}
