import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicies } from './policies.js';

const policy = (Type: string, Attributes: object, Version = '1.0') => ({ Type, Version, Attributes });

function outcome(policies: unknown): string {
  try {
    return parsePolicies(typeof policies === 'string' ? policies : JSON.stringify(policies)).map((p) => `${p.PolicyType}:${p.PolicyStatus}`).join(',');
  } catch (e) {
    return (e as { code: string }).code;
  }
}

describe('parameter policies', () => {
  it('are checked and reported Pending, as AWS reports them before they fire', () => {
    const table: Array<[unknown, string]> = [
      [[policy('Expiration', { Timestamp: '2030-06-30T00:00:00.000Z' })], 'Expiration:Pending'],
      [[policy('ExpirationNotification', { Before: '5', Unit: 'Days' }), policy('NoChangeNotification', { After: '60', Unit: 'Hours' })], 'ExpirationNotification:Pending,NoChangeNotification:Pending'],
      [[], ''],
      [[policy('Rotation', {})], 'InvalidPolicyTypeException'],
      [[policy('Expiration', { Timestamp: '2030-01-01T00:00:00Z' }), policy('Expiration', { Timestamp: '2031-01-01T00:00:00Z' })], 'IncompatiblePolicyException'],
      [[policy('Expiration', { Timestamp: 'soon' })], 'InvalidPolicyAttributeException'],
      [[policy('ExpirationNotification', { Before: '5', Unit: 'Weeks' })], 'InvalidPolicyAttributeException'],
      [[policy('Expiration', { Timestamp: '2030-01-01T00:00:00Z' }, '2.0')], 'InvalidPolicyAttributeException'],
      ['not json', 'InvalidPolicyAttributeException'],
      [Array.from({ length: 11 }, () => policy('Expiration', { Timestamp: '2030-01-01T00:00:00Z' })), 'PoliciesLimitExceededException'],
    ];
    for (const [input, expected] of table) assert.equal(outcome(input), expected, JSON.stringify(input));
  });

  it('keeps the policy text as given', () => {
    const text = JSON.stringify([policy('Expiration', { Timestamp: '2030-06-30T00:00:00.000Z' })]);
    assert.equal(parsePolicies(text)[0].PolicyText, '{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-06-30T00:00:00.000Z"}}');
  });
});
