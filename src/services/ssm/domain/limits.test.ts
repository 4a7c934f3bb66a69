import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDataType, RequestedTier, resolveTier } from './limits.js';
import { StoredTier } from './records.js';

function tier(requested: RequestedTier | undefined, current: StoredTier | undefined, length: number, policies = false): string {
  try {
    return resolveTier(requested, current, length, policies);
  } catch (e) {
    return (e as Error).message;
  }
}

describe('tiers and data types', () => {
  it('resolves the tier a write stores, with the 4 KB and 8 KB value limits', () => {
    const table: Array<[RequestedTier | undefined, StoredTier | undefined, number, boolean, string]> = [
      [undefined, undefined, 10, false, 'Standard'],
      [undefined, undefined, 4096, false, 'Standard'],
      [undefined, undefined, 4097, false, 'Standard tier parameters support a maxi'],
      ['Standard', undefined, 4097, false, 'Standard tier parameters support a maxi'],
      ['Advanced', undefined, 8192, false, 'Advanced'],
      ['Advanced', undefined, 8193, false, '1 validation error detected: Value at \'v'],
      ['Intelligent-Tiering', undefined, 4096, false, 'Standard'],
      ['Intelligent-Tiering', undefined, 4097, false, 'Advanced'],
      ['Intelligent-Tiering', undefined, 10, true, 'Advanced'],
      ['Intelligent-Tiering', 'Advanced', 10, false, 'Advanced'],
      [undefined, 'Advanced', 10, false, 'Advanced'],
      ['Standard', 'Advanced', 10, false, 'This parameter uses the advanced-paramet'],
      ['Standard', undefined, 10, true, 'Standard tier parameters don\'t support p'],
    ];
    for (const [requested, current, length, policies, expected] of table) {
      assert.ok(tier(requested, current, length, policies).startsWith(expected), `${requested}/${current}/${length}/${policies}`);
    }
  });

  it('data types: text, AMI ids for String parameters, no change to or from the fixed ones', () => {
    const check = (dataType: string, type: 'String' | 'SecureString', value: string, previous?: string) => {
      try {
        checkDataType(dataType, type, value, previous);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    assert.equal(check('text', 'SecureString', 'x'), 'ok');
    assert.equal(check('aws:ec2:image', 'String', 'ami-0123456789abcdef0'), 'ok');
    assert.equal(check('aws:ec2:image', 'String', 'ami-12345678'), 'ok');
    assert.match(check('aws:ec2:image', 'String', 'ami-xyz'), /^Parameter value, ami-xyz, is no/);
    assert.match(check('aws:ec2:image', 'SecureString', 'ami-12345678'), /^The aws:ec2:image data type is/);
    assert.match(check('Text', 'String', 'x'), /^The following data type is not/);
    assert.match(check('text', 'String', 'x', 'aws:ec2:image'), /^You can't change the data type/);
    assert.equal(check('text', 'String', 'x', 'text'), 'ok');
  });
});
