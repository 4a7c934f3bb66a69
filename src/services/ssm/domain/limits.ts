/**
 * Parameter Store's tiers and quotas: Standard holds values up to 4 KB (4096 characters)
 * and no policies, 10,000 parameters per account and Region; Advanced up to 8 KB and
 * 100,000; Intelligent-Tiering picks Standard unless the value or policies need Advanced.
 * A parameter never goes back from Advanced to Standard. 100 versions are kept, at most
 * 10 labels per version. Data types: `text` (any value), `aws:ec2:image`, `aws:ssm:integration`.
 */
import { ssmErrors, validation } from './errors.js';
import { ParameterType, StoredTier } from './records.js';

export const VALUE_LIMIT: Record<StoredTier, number> = { Standard: 4096, Advanced: 8192 };
export const PARAMETER_QUOTA: Record<StoredTier, number> = { Standard: 10_000, Advanced: 100_000 };
export const MAX_VERSIONS = 100;
export const MAX_LABELS_PER_VERSION = 10;
export const DEFAULT_DATA_TYPE = 'text';

export type RequestedTier = StoredTier | 'Intelligent-Tiering';

/**
 * The tier a write stores. Lengths count UTF-16 code units, as AWS's (Java) service does.
 * Without a requested tier an existing parameter keeps its own; a new one gets Standard,
 * the account's default tier.
 */
export function resolveTier(requested: RequestedTier | undefined, current: StoredTier | undefined, valueLength: number, hasPolicies: boolean): StoredTier {
  if (requested === 'Standard' && current === 'Advanced') throw ssmErrors.noDowngrade();
  const needsAdvanced = valueLength > VALUE_LIMIT.Standard || hasPolicies;
  const tier: StoredTier = requested === 'Intelligent-Tiering' ? (needsAdvanced || current === 'Advanced' ? 'Advanced' : 'Standard') : (requested ?? current ?? 'Standard');
  if (tier === 'Standard' && valueLength > VALUE_LIMIT.Standard) throw ssmErrors.standardValueTooLong();
  if (tier === 'Standard' && hasPolicies) {
    throw validation('Standard tier parameters don\'t support parameter policies. To use parameter policies, upgrade the parameter to use the advanced-parameter tier.');
  }
  if (valueLength > VALUE_LIMIT.Advanced) throw ssmErrors.advancedValueTooLong();
  return tier;
}

const DATA_TYPES = new Set([DEFAULT_DATA_TYPE, 'aws:ec2:image', 'aws:ssm:integration']);
/** Data types a parameter can neither take nor leave once it has a value. */
const FIXED = new Set(['aws:ec2:image', 'aws:ssm:integration']);
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * Checks a data type for a write. AWS checks an `aws:ec2:image` value asynchronously (and
 * drops the write when the AMI does not exist); Berth has no AMIs, so it checks the
 * format at once and refuses a malformed one.
 */
export function checkDataType(dataType: string, type: ParameterType, value: string, previous: string | undefined): void {
  if (!DATA_TYPES.has(dataType)) throw validation(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
  if (previous !== undefined && previous !== dataType && (FIXED.has(previous) || FIXED.has(dataType))) {
    throw validation(`You can't change the data type of a parameter from ${previous} to ${dataType}.`);
  }
  if (dataType !== 'aws:ec2:image') return;
  if (type !== 'String') throw validation('The aws:ec2:image data type is supported only for String parameters.');
  if (!AMI_ID.test(value)) throw validation(`Parameter value, ${value}, is not in the format of an Amazon Machine Image ID (ami-12345abcdeEXAMPLE) required by data type aws:ec2:image.`);
}
