/**
 * PutParameter: creates a parameter (version 1) or, with Overwrite, adds a version. What a
 * write leaves out (Type, KeyId, Description, AllowedPattern, Tier, DataType, Policies) is
 * carried over from the latest version. The value is checked (size per tier, AllowedPattern,
 * data type) before anything is written; a SecureString is encrypted inside the transaction
 * that stores it, so a refused write leaves nothing behind, not even a new AWS managed key.
 */
import { tagProblem } from '../../../platform/aws/tags.js';
import { Operations, PutParameterRequest, PutParameterResult } from '../../../protocol/generated/ssm.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { ssmErrors, validation } from '../domain/errors.js';
import { checkDataType, DEFAULT_DATA_TYPE, MAX_VERSIONS, PARAMETER_QUOTA, resolveTier } from '../domain/limits.js';
import { nameProblem, parameterArn } from '../domain/names.js';
import { findParameter, versionsOf } from '../domain/parameters.js';
import { parsePolicies } from '../domain/policies.js';
import { INDEX, KIND, parameterId, ParameterDoc, ParameterType, TagPair, tierKey, VersionFacts, versionId } from '../domain/records.js';
import { DEFAULT_KEY, encryptValue } from '../domain/secure-values.js';
import { callerArn, scope, SsmDeps, withKms } from './context.js';

/** A write, checked against the parameter as it was read, ready to be stored. */
interface PlannedWrite {
  name: string;
  value: string;
  facts: VersionFacts;
  /** The parameter record read while checking; the write fails if it changed since. */
  existing?: StoredRecord<ParameterDoc>;
  tags: TagPair[];
}

function checkRequest(input: PutParameterRequest): void {
  if (input.Overwrite && input.Tags?.length) {
    throw validation('Invalid request: tags and overwrite can\'t be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.');
  }
  if (input.Value === '') throw validation('1 validation error detected: Value \'\' at \'value\' failed to satisfy constraint: Member must have length greater than or equal to 1.');
  const problem = tagProblem((input.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })));
  if (problem === 'too-many') throw ssmErrors.tooManyTags();
  if (problem === 'reserved-prefix') throw validation('Tag keys beginning with "aws:" are reserved for AWS use.');
}

function typeOf(input: PutParameterRequest, existing: ParameterDoc | undefined): ParameterType {
  const type = input.Type ?? existing?.Type;
  if (!type) throw validation('A parameter type is required when you create a parameter.');
  if (input.KeyId !== undefined && type !== 'SecureString') throw validation('KeyId is required for SecureString type parameter only.');
  return type;
}

/** What the version records: the request's facts, else the latest version's; the tier the value and policies need. */
function factsFor(deps: SsmDeps, ctx: RequestContext, input: PutParameterRequest, previous: ParameterDoc | undefined, type: ParameterType, pattern: string | undefined): VersionFacts {
  const dataType = input.DataType || previous?.DataType || DEFAULT_DATA_TYPE;
  checkDataType(dataType, type, input.Value, previous?.DataType);
  const policies = input.Policies !== undefined ? parsePolicies(input.Policies) : (previous?.Policies ?? []);
  return {
    Type: type,
    KeyId: type === 'SecureString' ? (input.KeyId ?? (previous?.Type === 'SecureString' ? previous.KeyId : undefined) ?? DEFAULT_KEY) : undefined,
    Description: input.Description ?? previous?.Description,
    AllowedPattern: pattern,
    Tier: resolveTier(input.Tier, previous?.Tier, input.Value.length, policies.length > 0),
    DataType: dataType,
    Policies: policies,
    LastModifiedDate: ctx.now.toISOString(),
    LastModifiedUser: callerArn(deps, ctx),
  };
}

/** Everything that can be checked before the transaction, including the (possibly slow) AllowedPattern. */
async function plan(deps: SsmDeps, ctx: RequestContext, input: PutParameterRequest): Promise<PlannedWrite> {
  const name = input.Name.trim();
  const problem = nameProblem(name);
  if (problem) throw problem;
  checkRequest(input);
  const existing = findParameter(deps.store, scope(ctx), name);
  const previous = existing?.doc;
  if (previous && !input.Overwrite) throw ssmErrors.alreadyExists();
  const type = typeOf(input, previous);
  // An empty AllowedPattern sets none (it would otherwise admit only an empty value, which no parameter has).
  const pattern = input.AllowedPattern === undefined ? previous?.AllowedPattern : input.AllowedPattern || undefined;
  if (pattern !== undefined && !(await deps.patterns.matches(pattern, input.Value))) throw ssmErrors.patternMismatch(pattern);
  const facts = factsFor(deps, ctx, input, previous, type, pattern);
  return { name: previous?.Name ?? name, value: input.Value, facts, existing, tags: previous?.tags ?? dedupeTags(input.Tags ?? []) };
}

/** A key given twice keeps its last value. */
function dedupeTags(tags: TagPair[]): TagPair[] {
  return [...new Map(tags.map((t) => [t.Key, { Key: t.Key, Value: t.Value }])).values()];
}

/** The oldest version makes room for the 101st, unless a label holds it. */
function makeRoom(tx: Tx, ctx: RequestContext, name: string): void {
  const versions = versionsOf(tx, scope(ctx), name);
  if (versions.length < MAX_VERSIONS) return;
  const oldest = versions[0];
  if (oldest.doc.Labels.length > 0) throw ssmErrors.maxVersions(name, oldest.doc.Version);
  tx.delete(KIND.version, oldest.id);
}

function checkQuota(tx: Tx, ctx: RequestContext, write: PlannedWrite): void {
  const tier = write.facts.Tier;
  if (write.existing?.doc.Tier === tier) return;
  if (tx.countByIndex(KIND.parameter, INDEX.tier, tierKey(scope(ctx), tier)) >= PARAMETER_QUOTA[tier]) throw ssmErrors.limitExceeded();
}

function store(deps: SsmDeps, ctx: RequestContext, write: PlannedWrite): PutParameterResult {
  const where = scope(ctx);
  return deps.store.transact((tx) => {
    const current = findParameter(tx, where, write.name);
    // The checks above read this record; a write that landed meanwhile may have changed what they checked.
    if (current?.version !== write.existing?.version) throw current && !write.existing ? ssmErrors.alreadyExists() : ssmErrors.concurrentUpdate();
    checkQuota(tx, ctx, write);
    makeRoom(tx, ctx, write.name);
    const arn = parameterArn(where, write.name);
    const version = (current?.doc.Version ?? 0) + 1;
    const stored = write.facts.Type === 'SecureString'
      ? { ciphertext: withKms(ctx, () => encryptValue(deps.vault, where, write.facts.KeyId!, arn, write.value)) }
      : { value: write.value };
    tx.put(KIND.version, versionId(where, write.name, version), { ...write.facts, Name: write.name, Version: version, Labels: [], ...stored });
    const doc: ParameterDoc = { ...write.facts, scope: where, Name: write.name, ARN: arn, Version: version, tags: write.tags };
    tx.put(KIND.parameter, parameterId(where, write.name), doc);
    return { Version: version, Tier: write.facts.Tier };
  });
}

export function putParameterOps(deps: SsmDeps): TypedHandlers<Operations> {
  return {
    PutParameter: async (input, ctx) => store(deps, ctx, await plan(deps, ctx, input)),
  };
}
