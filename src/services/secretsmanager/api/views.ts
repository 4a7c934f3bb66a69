/**
 * Records → the contract's shapes. Members AWS leaves out when empty (Description, Tags,
 * the version map of a secret without a value, the rotation members of a secret never
 * rotated) are left out here too.
 */
import { DescribeSecretResponse, RotationRulesType, SecretListEntry, SecretVersionsListEntry } from '../../../protocol/generated/secretsmanager.js';
import { RotationConfig, SecretDoc, stagesByVersion, VersionDoc } from '../domain/records.js';
import { nextRotationDate } from '../domain/rotation.js';

const present = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function rotationMembers(rotation: RotationConfig | undefined) {
  if (!rotation) return {};
  const rules: RotationRulesType | undefined = rotation.rules ? { ...rotation.rules } : undefined;
  return present({
    RotationEnabled: rotation.enabled,
    RotationLambdaARN: rotation.lambdaArn,
    RotationRules: rules,
    NextRotationDate: nextRotationDate(rotation),
  });
}

/** What DescribeSecret and ListSecrets share. */
function common(doc: SecretDoc) {
  const stages = stagesByVersion(doc);
  return {
    versions: Object.keys(stages).length > 0 ? stages : undefined,
    fields: present({
      ARN: doc.ARN,
      Name: doc.Name,
      Description: doc.Description || undefined,
      KmsKeyId: doc.KmsKeyId,
      ...rotationMembers(doc.rotation),
      LastChangedDate: doc.LastChangedDate,
      LastAccessedDate: doc.LastAccessedDate,
      DeletedDate: doc.DeletedDate,
      Tags: doc.Tags.length > 0 ? doc.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined,
      CreatedDate: doc.CreatedDate,
    }),
  };
}

export function describeView(doc: SecretDoc): DescribeSecretResponse {
  const { versions, fields } = common(doc);
  return present({ ...fields, VersionIdsToStages: versions });
}

export function listEntryView(doc: SecretDoc): SecretListEntry {
  const { versions, fields } = common(doc);
  return present({ ...fields, SecretVersionsToStages: versions });
}

export function versionEntryView(version: VersionDoc, labels: string[]): SecretVersionsListEntry {
  return present({
    VersionId: version.VersionId,
    VersionStages: labels.length > 0 ? labels : undefined,
    LastAccessedDate: version.LastAccessedDate,
    CreatedDate: version.CreatedDate,
    KmsKeyIds: [...new Set(version.sealed.map((s) => s.reported))],
  });
}

export const nameAndArn = (doc: SecretDoc) => ({ ARN: doc.ARN, Name: doc.Name });
