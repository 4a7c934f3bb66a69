/**
 * Why IAM refuses a policy document, in IAM's words. The messages are the ones IAM sends
 * with `MalformedPolicyDocument` (the console and CLI show them verbatim), so callers can
 * put them on the wire unchanged; a service with its own error code (S3's MalformedPolicy,
 * ECR's InvalidParameterException) maps `code` and keeps the message.
 */
export class PolicyError extends Error {
  readonly code = 'MalformedPolicyDocument';
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

export const MESSAGES = {
  syntax: 'Syntax errors in policy.',
  legacy: 'The policy failed legacy parsing',
  principalNotAllowed: 'Policy document should not specify a principal.',
  principalMissing: 'Missing required field Principal',
  trustWithoutPrincipal: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  actionsMissing: 'Policy statement must contain actions.',
  resourcesMissing: 'Policy statement must contain resources.',
  sidNotUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidNotAlphanumeric: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  vendorMissing: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  actionColons: 'Actions/Condition can contain only one colon.',
  resourceVendorWildcard: 'Resource vendor must be fully qualified and cannot contain regexes.',
  prohibited: (field: string) => `Has prohibited field ${field}`,
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceNotArn: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  invalidPrincipal: (type: string, value: unknown) => `Invalid principal in policy: ${JSON.stringify(type)}:${JSON.stringify(value)}`,
} as const;
