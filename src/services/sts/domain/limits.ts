/**
 * STS's limits on temporary credentials, as AWS documents them: AssumeRole sessions last
 * 15 minutes to the role's MaxSessionDuration (1 hour when a role session assumes a role:
 * role chaining), GetSessionToken 15 minutes to 36 hours (1 hour for the root user).
 * Session tags: at most 50, keys unique case-insensitively, transitive tags carried over.
 */
import { clientError } from '../../../protocol/errors.js';

const MIN_SECONDS = 900;
const CHAINED_MAX = 3600;
/** Bytes of packed session policies and tags that make 100%. */
const PACKED_LIMIT = 2048;

export function assumeRoleDuration(requested: number | undefined, roleMax: number, chained: boolean): number {
  const seconds = requested ?? 3600;
  if (chained && seconds > CHAINED_MAX) {
    throw clientError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (seconds > roleMax) throw clientError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  if (seconds < MIN_SECONDS) throw clientError('ValidationError', `1 validation error detected: Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_SECONDS}`);
  return seconds;
}

export function sessionTokenDuration(requested: number | undefined, root: boolean): number {
  const seconds = requested ?? (root ? 3600 : 43200);
  // The model bounds the value (900–129600); the root user's sessions are capped at an hour.
  return root ? Math.min(seconds, 3600) : seconds;
}

/** The request's session tags; keys are unique case-insensitively. */
export function sessionTags(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> | undefined {
  if (!tags?.length) return undefined;
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const { Key = '', Value = '' } of tags) {
    if (seen.has(Key.toLowerCase())) throw clientError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(Key.toLowerCase());
    out[Key] = Value;
  }
  return out;
}

/**
 * PackedPolicySize: how much of the packed limit the session policies and tags use, in
 * percent; over 100 the request fails as AWS's does.
 */
export function packedPolicySize(policy: string | undefined, policyArns: number, tags: Record<string, string> | undefined): number | undefined {
  if (policy === undefined && policyArns === 0 && !tags) return undefined;
  const bytes = (policy?.replace(/\s+/g, '').length ?? 0) + policyArns * 64 + Object.entries(tags ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0);
  const percent = Math.max(1, Math.ceil((bytes * 100) / PACKED_LIMIT));
  if (percent > 100) throw clientError('PackedPolicyTooLarge', `Packed size of consumed session policies and session tags exceeds ${percent - 100}%.`);
  return percent;
}
