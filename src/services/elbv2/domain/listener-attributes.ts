/**
 * Listener attributes (Describe/ModifyListenerAttributes): the keys AWS defines per listener
 * protocol, their defaults and value checks. ALB listeners carry the header modification
 * attributes (HTTPS ones also rename the mTLS/TLS request headers); NLB TCP listeners the
 * TCP idle timeout.
 */
import { clientError } from '../../../protocol/errors.js';
import { ListenerDoc } from './docs.js';
import { CONTROL, decimalIn, HEADER_NAME, shown } from './formats.js';

type Check = (v: string) => boolean;

const BOOL: Check = (v) => v === 'true' || v === 'false';
/** Empty turns a response header off (it is not added). */
const orEmpty = (check: Check): Check => (v) => v === '' || check(v);
const listOf = (item: Check): Check => (v) => v.split(',').every((x) => item(x.trim()));
const TOKEN: Check = (v) => /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(v);
/** A serialized origin (RFC 6454): scheme, host and optional port. */
const ORIGIN: Check = (v) => /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(v);
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'DELETE', 'PUT', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
/** Header values are visible ASCII and spaces. */
const VISIBLE: Check = (v) => !CONTROL.test(v) && /^[\x20-\x7e]+$/.test(v);

/** The response headers an ALB listener can add, with AWS's accepted values. */
const RESPONSE_HEADERS: Record<string, Check> = {
  'routing.http.response.strict_transport_security.header_value': (v) => /^max-age=\d{1,10}(\s*;\s*(includeSubDomains|preload))*\s*;?$/i.test(v),
  'routing.http.response.access_control_allow_origin.header_value': (v) => v === '*' || v === 'null' || ORIGIN(v),
  'routing.http.response.access_control_allow_methods.header_value': (v) => v === '*' || listOf((m) => CORS_METHODS.includes(m))(v),
  'routing.http.response.access_control_allow_headers.header_value': (v) => v === '*' || listOf(TOKEN)(v),
  'routing.http.response.access_control_allow_credentials.header_value': (v) => v === 'true',
  'routing.http.response.access_control_expose_headers.header_value': (v) => v === '*' || listOf(TOKEN)(v),
  'routing.http.response.access_control_max_age.header_value': (v) => decimalIn(v, 0, 86400) !== undefined,
  'routing.http.response.content_security_policy.header_value': VISIBLE,
  'routing.http.response.x_content_type_options.header_value': (v) => v === 'nosniff',
  'routing.http.response.x_frame_options.header_value': (v) => v === 'DENY' || v === 'SAMEORIGIN' || (v.startsWith('ALLOW-FROM ') && ORIGIN(v.slice(11))),
};

/** The header each response header attribute adds. */
export const RESPONSE_HEADER_NAMES: Record<string, string> = {
  'routing.http.response.strict_transport_security.header_value': 'Strict-Transport-Security',
  'routing.http.response.access_control_allow_origin.header_value': 'Access-Control-Allow-Origin',
  'routing.http.response.access_control_allow_methods.header_value': 'Access-Control-Allow-Methods',
  'routing.http.response.access_control_allow_headers.header_value': 'Access-Control-Allow-Headers',
  'routing.http.response.access_control_allow_credentials.header_value': 'Access-Control-Allow-Credentials',
  'routing.http.response.access_control_expose_headers.header_value': 'Access-Control-Expose-Headers',
  'routing.http.response.access_control_max_age.header_value': 'Access-Control-Max-Age',
  'routing.http.response.content_security_policy.header_value': 'Content-Security-Policy',
  'routing.http.response.x_content_type_options.header_value': 'X-Content-Type-Options',
  'routing.http.response.x_frame_options.header_value': 'X-Frame-Options',
};

/** The request headers an HTTPS listener adds, renamable; their default is their own name. */
const TLS_HEADERS: Record<string, string> = {
  'routing.http.request.x_amzn_mtls_clientcert_serial_number.header_name': 'X-Amzn-Mtls-Clientcert-Serial-Number',
  'routing.http.request.x_amzn_mtls_clientcert_issuer.header_name': 'X-Amzn-Mtls-Clientcert-Issuer',
  'routing.http.request.x_amzn_mtls_clientcert_subject.header_name': 'X-Amzn-Mtls-Clientcert-Subject',
  'routing.http.request.x_amzn_mtls_clientcert_validity.header_name': 'X-Amzn-Mtls-Clientcert-Validity',
  'routing.http.request.x_amzn_mtls_clientcert_leaf.header_name': 'X-Amzn-Mtls-Clientcert-Leaf',
  'routing.http.request.x_amzn_mtls_clientcert.header_name': 'X-Amzn-Mtls-Clientcert',
  'routing.http.request.x_amzn_tls_version.header_name': 'X-Amzn-Tls-Version',
  'routing.http.request.x_amzn_tls_cipher_suite.header_name': 'X-Amzn-Tls-Cipher-Suite',
};

interface AttributeSpec { defaultValue: string; check: Check; protocols: string[] }

const SPECS: Record<string, AttributeSpec> = {
  'tcp.idle_timeout.seconds': { defaultValue: '350', check: (v) => decimalIn(v, 60, 6000) !== undefined, protocols: ['TCP'] },
  'routing.http.response.server.enabled': { defaultValue: 'true', check: BOOL, protocols: ['HTTP', 'HTTPS'] },
  ...Object.fromEntries(Object.entries(RESPONSE_HEADERS).map(([k, check]) => [k, { defaultValue: '', check: orEmpty(check), protocols: ['HTTP', 'HTTPS'] }])),
  ...Object.fromEntries(Object.entries(TLS_HEADERS).map(([k, name]) => [k, { defaultValue: name, check: (v: string) => HEADER_NAME.test(v), protocols: ['HTTPS'] }])),
};

/** The attributes a new listener of this protocol has. */
export function listenerAttributeDefaults(protocol: string): Record<string, string> {
  return Object.fromEntries(Object.entries(SPECS).filter(([, s]) => s.protocols.includes(protocol)).map(([k, s]) => [k, s.defaultValue]));
}

/** A listener's attributes; listeners stored before Berth had attributes have the defaults. */
export function attributesOf(l: ListenerDoc): Record<string, string> {
  return l.attributes ?? listenerAttributeDefaults(l.Protocol);
}

export function applyListenerAttributes(l: ListenerDoc, changes: { Key?: string; Value?: string }[]): Record<string, string> {
  const next = { ...attributesOf(l) };
  for (const { Key = '', Value = '' } of changes) {
    const spec = Object.hasOwn(SPECS, Key) ? SPECS[Key] : undefined;
    if (!spec) throw clientError('ValidationError', `Listener attribute key '${shown(Key)}' is not recognized`);
    if (!spec.protocols.includes(l.Protocol)) {
      throw clientError('InvalidConfigurationRequest', `Listener attribute key '${Key}' is not supported on listeners with protocol '${l.Protocol}'`);
    }
    if (!spec.check(Value)) throw clientError('ValidationError', `Listener attribute '${Key}' cannot have value '${shown(Value)}'`);
    next[Key] = Value;
  }
  return next;
}

