/**
 * Key policies KMS writes itself: the default policy of a key created without one (one
 * statement letting the account's IAM policies decide), and the policy of an AWS managed
 * key (usable through its service by the account's principals, readable by the account).
 * Both are printed as AWS prints them (`"Version" : "2012-10-17"`, Jackson's pretty print).
 * Given policies are kept exactly as given.
 */
import { partition, Scope } from '../../../platform/aws/scope.js';

export const POLICY_NAME = 'default';

/** The AWS managed keys Berth creates on first use, by alias, with AWS's descriptions. */
export const AWS_MANAGED_KEYS: Readonly<Record<string, { service: string; label: string; protects: string }>> = {
  'alias/aws/ssm': { service: 'ssm', label: 'SSM', protects: 'SSM parameters' },
  'alias/aws/secretsmanager': { service: 'secretsmanager', label: 'AWS Secrets Manager', protects: 'Secrets Manager data' },
  'alias/aws/acm': { service: 'acm', label: 'ACM', protects: 'ACM private keys' },
  'alias/aws/s3': { service: 's3', label: 'S3', protects: 'S3 objects' },
  'alias/aws/ebs': { service: 'ec2', label: 'EBS', protects: 'EBS volumes' },
  'alias/aws/rds': { service: 'rds', label: 'RDS', protects: 'RDS database volumes' },
  'alias/aws/lambda': { service: 'lambda', label: 'Lambda', protects: 'Lambda functions' },
  'alias/aws/dynamodb': { service: 'dynamodb', label: 'DynamoDB', protects: 'DynamoDB data' },
};

/** Whether `ref` names a predefined AWS alias: an own key only, so "constructor" or "__proto__" never makes a key. */
export function isAwsManagedAlias(ref: string): boolean {
  return Object.hasOwn(AWS_MANAGED_KEYS, ref);
}

export const awsManagedDescription = (alias: string) => `Default key that protects my ${AWS_MANAGED_KEYS[alias].protects} when no other key is defined`;

type Json = string | number | boolean | Json[] | { [key: string]: Json };

/** Jackson's default pretty printer, which AWS's policies come out of. */
export function prettyPolicy(value: Json, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return value.length === 0 ? '[ ]' : `[ ${value.map((v) => prettyPolicy(v, indent)).join(', ')} ]`;
  }
  if (typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)} : ${prettyPolicy(v, inner)}`);
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const rootOf = (scope: Scope) => `arn:${partition(scope.region)}:iam::${scope.accountId}:root`;

export function defaultKeyPolicy(scope: Scope): string {
  return prettyPolicy({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootOf(scope) }, Action: 'kms:*', Resource: '*' }],
  });
}

export function awsManagedKeyPolicy(scope: Scope, alias: string): string {
  const { service, label } = AWS_MANAGED_KEYS[alias];
  return prettyPolicy({
    Version: '2012-10-17',
    Id: `auto-${alias.slice('alias/aws/'.length)}-1`,
    Statement: [
      {
        Sid: `Allow access through ${label} for all principals in the account that are authorized to use ${label}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': scope.accountId, 'kms:ViaService': `${service}.${scope.region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: rootOf(scope) },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  });
}
