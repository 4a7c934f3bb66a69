/**
 * Parameter names, paths, ARNs and references (AWS's naming constraints): letters, digits
 * and `_.-`, `/` between the levels of a hierarchy (then the name must begin with `/`), at
 * most 15 levels and 1011 characters, nothing beginning with `aws` or `ssm` (any case).
 * A reference is a name or an ARN, optionally with a `:version` or `:label` selector.
 */
import { buildArn, isForeignArn, parseArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';
import { ServiceError } from '../../../protocol/errors.js';
import { ssmErrors, validation } from './errors.js';
import { normalizeName } from './records.js';

const MAX_NAME_LENGTH = 1011;
const MAX_LEVELS = 15;

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;
const RESERVED = /^(aws|ssm)/i;

const BAD_PATH =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const BAD_PREFIX = 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).';
const BAD_SEARCH_PATH =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';
const RESERVED_SEARCH_PATH =
  'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.';

/** The levels of a name: `/a/b/c` has three. */
export const levelsOf = (name: string): number => normalizeName(name).split('/').length;

/**
 * Why a name cannot be created, or undefined. AWS trims spaces around a name; the caller
 * passes the trimmed one. `/aws/…` is AWS's public namespace: writing there is denied.
 */
export function nameProblem(name: string): ServiceError | undefined {
  if (name.includes('/') && !name.startsWith('/')) return validation('Parameter name must be a fully qualified name.');
  const hierarchical = name.startsWith('/');
  const body = normalizeName(name);
  if (RESERVED.test(body)) {
    if (hierarchical && /^aws\//i.test(body)) return new ServiceError('AccessDeniedException', `No access to reserved parameter name: ${name}.`, 400);
    return validation(hierarchical ? BAD_PATH : BAD_PREFIX);
  }
  if (!NAME_CHARS.test(name) || body.split('/').some((level) => level === '')) return validation(BAD_PATH);
  if (name.length > MAX_NAME_LENGTH) {
    return validation(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  if (levelsOf(name) > MAX_LEVELS) return ssmErrors.hierarchyTooDeep();
  return undefined;
}

/** The ARN of a parameter: its name without the leading slash after `parameter/`. */
export function parameterArn(scope: Scope, name: string): string {
  return buildArn('ssm', scope, `parameter/${normalizeName(name)}`);
}

export interface Reference {
  /** The name as given (an ARN's is without its leading slash; lookups ignore it anyway). */
  name: string;
  /** `2` or `prod`, without the colon. */
  selector?: string;
}

/**
 * A name or an ARN, with its selector. Undefined when it names nothing here: an ARN of
 * another account, Region or partition, or not a parameter's, or more than one selector.
 */
export function parseReference(ref: string, scope: Scope): Reference | undefined {
  let name = ref;
  if (ref.startsWith('arn:')) {
    const arn = parseArn(ref);
    if (!arn || isForeignArn(ref, scope) || arn.service !== 'ssm' || !arn.resource.startsWith('parameter/')) return undefined;
    name = arn.resource.slice('parameter/'.length);
  }
  const [bare, selector, ...rest] = name.split(':');
  if (rest.length > 0 || bare === '' || selector === '') return undefined;
  return selector === undefined ? { name: bare } : { name: bare, selector };
}

/** A numeric selector names a version (labels cannot begin with a digit). */
export function selectorVersion(selector: string): number | undefined {
  return /^\d+$/.test(selector) ? Number(selector) : undefined;
}

/**
 * A path to search (GetParametersByPath, the Path filter): begins with `/`, levels of name
 * characters; a trailing slash is allowed. Returns the folder it names in the Store's form
 * (`app/db/`, '' for `/`). AWS's public `/aws/…` paths are searchable (Berth has none).
 */
export function searchFolder(path: string): string {
  const body = normalizeName(path);
  if (!path.startsWith('/') || !NAME_CHARS.test(path) || path.includes('//')) throw validation(BAD_SEARCH_PATH);
  return body === '' || body.endsWith('/') ? body : `${body}/`;
}

/** DescribeParameters' Path filter refuses the reserved prefixes outright. */
export function checkFilterPath(path: string): string {
  if (RESERVED.test(normalizeName(path))) throw validation(RESERVED_SEARCH_PATH);
  return searchFolder(path);
}
