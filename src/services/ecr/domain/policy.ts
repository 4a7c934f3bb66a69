/**
 * Repository policies: IAM resource policies (src/iam/policy) attached to a repository.
 * SetRepositoryPolicy validates them with ECR's rules and IAM's parser; every ECR call on
 * the repository (the API's authorize step and the registry's /v2/ requests) evaluates the
 * parsed policy with the caller's identity policies through the edge's `Authorizer`.
 *
 * Parsing costs ~50 µs and a policy is read on every registry request, so parsed policies
 * are kept by their text. The text is capped at 10,240 characters by the ECR model.
 */
import { Policy } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { PolicyError } from '../../../iam/policy/errors.js';
import { isObject } from './json.js';
import { RepositoryDoc } from './records.js';

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

const INVALID = 'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'';
const PARSED_CACHE_SIZE = 256;

/** A policy's Statement as a list (IAM allows a single statement object); empty when there is none. */
function statementsOf(doc: unknown): unknown[] {
  if (!isObject(doc) || !doc.Statement) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** ECR's own rules, before IAM's grammar: its messages for a bad Effect, and only `ecr:` actions. */
function ecrProblem(doc: unknown): string | undefined {
  const statements = statementsOf(doc);
  if (statements.length === 0) return INVALID;
  for (const s of statements) {
    if (!isObject(s)) return INVALID;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid policy effect ${s.Effect ?? ''}'`;
    if (s.Principal === undefined && s.NotPrincipal === undefined) return INVALID;
    if (s.Action === undefined && s.NotAction === undefined) return INVALID;
    for (const a of [...list(s.Action), ...list(s.NotAction)]) {
      if (a !== '*' && !/^ecr:[A-Za-z*?]+$/i.test(a)) return INVALID;
    }
  }
  return undefined;
}

/** undefined when valid, else the reason (AWS answers InvalidParameterException with it). */
export function validatePolicy(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return INVALID;
  }
  const problem = ecrProblem(doc);
  if (problem) return problem;
  try {
    parsePolicy(text, 'resource');
    return undefined;
  } catch (e) {
    if (e instanceof PolicyError) return INVALID;
    throw e;
  }
}

/** Parses a policy SetRepositoryPolicy is about to store (validatePolicy has accepted it). */
export function parseRepositoryPolicy(text: string, repositoryArn: string): Policy {
  return parsePolicy(text, 'resource', { name: `repository policy of ${repositoryArn}` });
}

/**
 * What a stored policy the parser no longer reads (stored by an older, laxer Berth) stands
 * for: every caller but the owner account's root is refused, so it opens nothing and the
 * owner can still replace it.
 */
function ownerOnly(doc: RepositoryDoc, repositoryArn: string): Policy {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${doc.registryId}:root` }, Action: '*' }] });
  return parsePolicy(text, 'resource', { name: `repository policy of ${repositoryArn} (unreadable): owner only` });
}

/** The repository's parsed policy, or undefined when it has none. */
export function repositoryPolicyCache() {
  const parsed = new Map<string, Policy>();
  return (doc: RepositoryDoc | undefined, repositoryArn: string): Policy | undefined => {
    const text = doc?.policyText;
    if (text === undefined) return undefined;
    const key = `${repositoryArn}\n${text}`;
    let policy = parsed.get(key);
    if (!policy) {
      try {
        policy = parseRepositoryPolicy(text, repositoryArn);
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        policy = ownerOnly(doc!, repositoryArn);
      }
      if (parsed.size >= PARSED_CACHE_SIZE) parsed.clear();
      parsed.set(key, policy);
    }
    return policy;
  };
}
