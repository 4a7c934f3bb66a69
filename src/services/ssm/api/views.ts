/**
 * Records → the API's shapes. Values go out only here, through revealValue: a SecureString
 * is decrypted only when the caller asked WithDecryption and KMS allows it kms:Decrypt.
 */
import { Parameter, ParameterHistory, ParameterMetadata } from '../../../protocol/generated/ssm.js';
import { RequestContext } from '../../../protocol/service.js';
import { Resolved } from '../domain/parameters.js';
import { ParameterDoc, VersionDoc, VersionFacts } from '../domain/records.js';
import { revealValue } from '../domain/secure-values.js';
import { scope, SsmDeps, withKms } from './context.js';

function value(deps: SsmDeps, ctx: RequestContext, version: VersionDoc, arn: string, withDecryption: boolean): string {
  const caller = { accessKeyId: ctx.accessKeyId, service: 'ssm', now: ctx.now };
  return withKms(ctx, () => revealValue(deps.vault, scope(ctx), version, arn, withDecryption, caller));
}

/** GetParameter(s), GetParametersByPath: one version of a parameter with its value. */
export function parameterView(deps: SsmDeps, ctx: RequestContext, { parameter, version, selector }: Resolved, withDecryption: boolean): Parameter {
  const arn = parameter.ARN;
  return {
    Name: parameter.Name,
    Type: version.Type,
    Value: value(deps, ctx, version, arn, withDecryption),
    Version: version.Version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: version.LastModifiedDate,
    ARN: arn,
    DataType: version.DataType,
  };
}

/** What metadata and history share: the facts a version recorded. */
function facts(doc: VersionFacts) {
  return {
    Type: doc.Type,
    ...(doc.KeyId ? { KeyId: doc.KeyId } : {}),
    LastModifiedDate: doc.LastModifiedDate,
    LastModifiedUser: doc.LastModifiedUser,
    ...(doc.Description !== undefined ? { Description: doc.Description } : {}),
    ...(doc.AllowedPattern ? { AllowedPattern: doc.AllowedPattern } : {}),
    Tier: doc.Tier,
    Policies: doc.Policies,
    DataType: doc.DataType,
  };
}

/** DescribeParameters: the latest version's facts, no value. */
export function metadataView(doc: ParameterDoc): ParameterMetadata {
  return { Name: doc.Name, ARN: doc.ARN, ...facts(doc), Version: doc.Version };
}

/** GetParameterHistory: one version with its value and labels. */
export function historyView(deps: SsmDeps, ctx: RequestContext, parameter: ParameterDoc, version: VersionDoc, withDecryption: boolean): ParameterHistory {
  return {
    Name: parameter.Name,
    ...facts(version),
    Value: value(deps, ctx, version, parameter.ARN, withDecryption),
    Version: version.Version,
    Labels: version.Labels,
  };
}
