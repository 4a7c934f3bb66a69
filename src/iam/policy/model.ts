/** A parsed, compiled policy: what parse.ts produces and evaluate.ts reads. */
import { ArnPattern } from './arn-pattern.js';
import { Condition } from './conditions.js';
import { Template } from './pattern.js';
import { PrincipalSet } from './principals.js';

/**
 * identity: attached to a user, group or role. resource: attached to a resource (a
 * repository policy), names principals. trust: a role's assume-role policy. boundary: a
 * permissions boundary. session: passed to AssumeRole. Each kind has its own grammar rules.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session';

/** 2008-10-17 (the default when Version is absent) has no policy variables. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

export interface Policy {
  kind: PolicyKind;
  version: PolicyVersion;
  id?: string;
  /** Given by the caller (a policy name or ARN), used only in decision reasons. */
  name?: string;
  statements: Statement[];
  /**
   * The request context keys (lower-cased) its conditions and policy variables read: a
   * decision depends on the request only through these, the action and the resource.
   */
  contextKeys: readonly string[];
}

export interface Statement {
  /** Position in the document, for decision reasons. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Lower-cased: actions compare case-insensitively. */
  actions: { not: boolean; patterns: Template[] };
  /** Absent in trust policies and in resource policies that leave the resource implicit. */
  resources?: { not: boolean; patterns: ArnPattern[] };
  /** Only in resource and trust policies. */
  principals?: { not: boolean; set: PrincipalSet };
  conditions: Condition[];
}
