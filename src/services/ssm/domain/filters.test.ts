import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ParameterStringFilter } from '../../../protocol/generated/ssm.js';
import { checkParameterFilters, FilterUse, legacyFilters, matchesFilters } from './filters.js';
import { ParameterDoc } from './records.js';

const scope = { region: 'eu-west-1', accountId: '123456789012' };

function doc(Name: string, more: Partial<ParameterDoc> = {}): ParameterDoc {
  return {
    scope, Name, ARN: `arn:aws:ssm:eu-west-1:123456789012:parameter/${Name.replace(/^\//, '')}`, Version: 1, Type: 'String', Tier: 'Standard', DataType: 'text',
    Policies: [], LastModifiedDate: '2026-01-01T00:00:00.000Z', LastModifiedUser: 'arn:aws:iam::123456789012:root', tags: [], ...more,
  };
}

function refusal(filters: ParameterStringFilter[], use: FilterUse): string {
  try {
    checkParameterFilters(filters, use);
    return 'accepted';
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
}

describe('parameter filters', () => {
  it('are checked per operation, key, option and values as AWS checks them', () => {
    const table: Array<[ParameterStringFilter[], FilterUse, string]> = [
      [[{ Key: 'Name', Option: 'Contains', Values: ['db'] }], 'describe', 'accepted'],
      [[{ Key: 'Label', Values: ['prod'] }], 'describe', 'InvalidFilterKey: The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType, tag].'],
      [[{ Key: 'Name', Values: ['x'] }], 'by-path', 'InvalidFilterKey: The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId, Label].'],
      [[{ Key: 'tag:team' }], 'by-path', 'InvalidFilterKey: The following filter key is not valid: tag:team. Valid filter keys include: [Type, KeyId, Label].'],
      [[{ Key: 'Label', Values: ['prod'] }], 'by-path', 'accepted'],
      [[{ Key: 'Type', Values: ['String'] }, { Key: 'Type', Values: ['SecureString'] }], 'describe', 'InvalidFilterKey: The following filter is duplicated in the request: Type. A request can contain only one occurrence of a specific filter.'],
      [[{ Key: 'Path', Option: 'Equals', Values: ['/a'] }], 'describe', 'InvalidFilterOption: The following filter option is not valid: Equals. Valid options include: [Recursive, OneLevel].'],
      [[{ Key: 'Type', Option: 'Contains', Values: ['S'] }], 'describe', 'InvalidFilterOption: The following filter option is not valid: Contains. Valid options include: [BeginsWith, Equals].'],
      [[{ Key: 'Label', Option: 'BeginsWith', Values: ['p'] }], 'by-path', 'InvalidFilterOption: The following filter option is not valid: BeginsWith. Valid options include: [Equals].'],
      [[{ Key: 'Name' }], 'describe', 'InvalidFilterValue: The following filter values are missing : null for filter key Name.'],
      [[{ Key: 'tag:team' }], 'describe', 'accepted'],
      [[{ Key: 'Type', Values: ['Secret'] }], 'describe', 'InvalidFilterOption: The following filter value is not valid: Secret. Valid values include: [String, StringList, SecureString].'],
      [[{ Key: 'Tier', Values: ['Gold'] }], 'describe', 'InvalidFilterOption: The following filter value is not valid: Gold. Valid values include: [Standard, Advanced, Intelligent-Tiering].'],
      [[{ Key: 'Path', Values: ['app'] }], 'describe', 'ValidationException: The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.'],
    ];
    for (const [filters, use, expected] of table) assert.equal(refusal(filters, use), expected, JSON.stringify(filters));
  });

  it('match a parameter by name, path, type, key, tier, data type and tags', () => {
    const secret = doc('/app/db/password', { Type: 'SecureString', KeyId: 'alias/aws/ssm', tags: [{ Key: 'team', Value: 'payments' }] });
    const plain = doc('topLevel', { Tier: 'Advanced' });
    const match = (d: ParameterDoc, filters: ParameterStringFilter[]) => matchesFilters(d, checkParameterFilters(filters, 'describe'));
    const table: Array<[ParameterStringFilter[], boolean, boolean]> = [
      [[{ Key: 'Name', Values: ['app/db/password'] }], true, false],
      [[{ Key: 'Name', Values: ['/topLevel'] }], false, true],
      [[{ Key: 'Name', Option: 'BeginsWith', Values: ['/app'] }], true, false],
      [[{ Key: 'Name', Option: 'Contains', Values: ['Level'] }], false, true],
      [[{ Key: 'Path', Values: ['/app'] }], false, false],
      [[{ Key: 'Path', Values: ['/app/db'] }], true, false],
      [[{ Key: 'Path', Option: 'Recursive', Values: ['/app'] }], true, false],
      [[{ Key: 'Path', Values: ['/'] }], false, true],
      [[{ Key: 'Path', Option: 'Recursive', Values: ['/'] }], true, true],
      [[{ Key: 'Type', Values: ['SecureString'] }], true, false],
      [[{ Key: 'KeyId', Values: ['alias/aws/ssm'] }], true, false],
      [[{ Key: 'Tier', Values: ['Advanced'] }], false, true],
      [[{ Key: 'DataType', Values: ['text'] }], true, true],
      [[{ Key: 'tag:team' }], true, false],
      [[{ Key: 'tag:team', Values: ['pay'], Option: 'BeginsWith' }], true, false],
      [[{ Key: 'tag:team', Values: ['other'] }], false, false],
      [[{ Key: 'Type', Values: ['String'] }, { Key: 'Tier', Values: ['Advanced'] }], false, true],
    ];
    for (const [filters, a, b] of table) assert.deepEqual([match(secret, filters), match(plain, filters)], [a, b], JSON.stringify(filters));
  });

  it('the older Filters: Name begins with, Type and KeyId equal', () => {
    const d = doc('/app/x', { Type: 'StringList' });
    assert.equal(matchesFilters(d, legacyFilters([{ Key: 'Name', Values: ['/app'] }])), true);
    assert.equal(matchesFilters(d, legacyFilters([{ Key: 'Type', Values: ['StringList'] }])), true);
    assert.equal(matchesFilters(d, legacyFilters([{ Key: 'KeyId', Values: ['alias/aws/ssm'] }])), false);
  });
});
