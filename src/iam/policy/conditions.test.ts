/**
 * Every condition operator family, the IfExists forms, Null, and the set operators with
 * multivalued keys, as AWS documents them. Each row is one Allow statement with one
 * condition, evaluated against a request context: true when it allows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './evaluate.js';
import { allow, caseRequest, doc, EvaluationCase } from './policy-test-support.js';
import { ContextValue } from './request.js';

type Row = [operator: string, key: string, policy: unknown, request: ContextValue | undefined, holds: boolean];

const T = 'aws:PrincipalTag/team';
const IP = 'aws:SourceIp';
const NOW = 'aws:CurrentTime';
const KEYS = 'aws:TagKeys';
const ARN = 'aws:SourceArn';

const ROWS: Row[] = [
  // String
  ['StringEquals', 'ecs:cluster', 'prod', 'prod', true],
  ['StringEquals', 'ecs:cluster', 'prod', 'Prod', false],
  ['StringEquals', 'ecs:cluster', ['dev', 'prod'], 'prod', true],
  ['StringEquals', 'ecs:cluster', 'dev-*', 'dev-1', false],
  ['StringEquals', 'ecs:cluster', 'prod', undefined, false],
  ['StringNotEquals', 'ecs:cluster', ['dev', 'test'], 'prod', true],
  ['StringNotEquals', 'ecs:cluster', ['dev', 'prod'], 'prod', false],
  ['StringNotEquals', 'ecs:cluster', 'prod', undefined, true],
  ['StringEqualsIgnoreCase', 'ecs:cluster', 'PROD', 'prod', true],
  ['StringNotEqualsIgnoreCase', 'ecs:cluster', 'PROD', 'prod', false],
  ['StringLike', 'ecs:cluster', 'dev-*', 'dev-1', true],
  ['StringLike', 'ecs:cluster', 'dev-*', 'prod-1', false],
  ['StringLike', 'ecs:cluster', 'dev-?', 'dev-1', true],
  ['StringLike', 'ecs:cluster', 'dev', 'dev-1', false],
  ['StringNotLike', 'ecs:cluster', ['dev-*', 'test-*'], 'prod-1', true],
  ['StringNotLike', 'ecs:cluster', ['dev-*', 'test-*'], 'test-2', false],
  // Numeric
  ['NumericEquals', 'ecs:count', '10', 10, true],
  ['NumericEquals', 'ecs:count', '1.5', '1.50', true],
  ['NumericNotEquals', 'ecs:count', ['1', '2'], '3', true],
  ['NumericLessThan', 'ecs:count', 10, 5, true],
  ['NumericLessThan', 'ecs:count', 10, 10, false],
  ['NumericLessThanEquals', 'ecs:count', '10', '10', true],
  ['NumericGreaterThan', 'ecs:count', '10', '11', true],
  ['NumericGreaterThanEquals', 'ecs:count', '10', '9', false],
  ['NumericLessThan', 'ecs:count', '10', 'ten', false],
  // Date
  ['DateLessThan', NOW, '2024-01-01T00:00:00Z', '2023-12-31T23:59:59Z', true],
  ['DateLessThan', NOW, '2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', false],
  ['DateGreaterThan', NOW, '1700000000', '2024-01-01T00:00:00Z', true],
  ['DateEquals', NOW, '2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00Z', true],
  ['DateNotEquals', NOW, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', true],
  ['DateLessThanEquals', NOW, '2024-01-01', '2024-01-01T00:00:00Z', true],
  ['DateGreaterThanEquals', 'aws:EpochTime', '2024-01-01T00:00:00Z', 1704067200, true],
  // Bool
  ['Bool', 'aws:SecureTransport', 'true', 'true', true],
  ['Bool', 'aws:SecureTransport', 'true', 'false', false],
  ['Bool', 'aws:SecureTransport', true, true, true],
  ['Bool', 'aws:SecureTransport', 'false', undefined, false],
  // Binary
  ['BinaryEquals', 'ecs:blob', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', true],
  ['BinaryEquals', 'ecs:blob', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'T3RoZXI=', false],
  // IP addresses
  ['IpAddress', IP, '203.0.113.0/24', '203.0.113.9', true],
  ['IpAddress', IP, '203.0.113.0/24', '198.51.100.1', false],
  ['IpAddress', IP, '203.0.113.9', '203.0.113.9', true],
  ['IpAddress', IP, '203.0.113.9', '203.0.113.10', false],
  ['IpAddress', IP, ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], '2001:db8:1234:5678::1', true],
  ['IpAddress', IP, '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false],
  ['IpAddress', IP, '0.0.0.0/0', '198.51.100.1', true],
  ['IpAddress', IP, '0.0.0.0/0', '::1', false],
  ['NotIpAddress', IP, ['203.0.113.0/24', '10.0.0.0/8'], '198.51.100.1', true],
  ['NotIpAddress', IP, ['203.0.113.0/24', '10.0.0.0/8'], '10.1.2.3', false],
  ['NotIpAddress', IP, '203.0.113.0/24', undefined, true],
  // ARNs: segment by segment, unlike StringLike (AWS's own example)
  ['ArnLike', ARN, 'arn:aws:sns:*:111122223333:topic-*', 'arn:aws:sns:us-east-1:111122223333:topic-a', true],
  ['ArnEquals', ARN, 'arn:aws:sns:*:111122223333:topic-*', 'arn:aws:sns:us-east-1:111122223333:topic-a', true],
  ['ArnLike', ARN, 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt', false],
  ['StringLike', ARN, 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt', true],
  ['ArnNotLike', ARN, ['arn:aws:sns:*:111122223333:a', 'arn:aws:sns:*:111122223333:b'], 'arn:aws:sns:us-east-1:111122223333:c', true],
  ['ArnNotEquals', ARN, 'arn:aws:sns:*:111122223333:a', 'arn:aws:sns:us-east-1:111122223333:a', false],
  // Null
  ['Null', 'aws:TokenIssueTime', 'true', undefined, true],
  ['Null', 'aws:TokenIssueTime', 'true', '2024-01-01T00:00:00Z', false],
  ['Null', 'aws:TokenIssueTime', 'false', '2024-01-01T00:00:00Z', true],
  ['Null', 'aws:TokenIssueTime', false, undefined, false],
  // …IfExists
  ['StringEqualsIfExists', 'ecs:cluster', 'prod', undefined, true],
  ['StringEqualsIfExists', 'ecs:cluster', 'prod', 'dev', false],
  ['StringNotEqualsIfExists', 'ecs:cluster', 'prod', undefined, true],
  ['NumericLessThanIfExists', 'ecs:count', '10', 20, false],
  ['IpAddressIfExists', IP, '10.0.0.0/8', undefined, true],
  // Set operators over a multivalued key
  ['ForAllValues:StringEquals', KEYS, ['env', 'team', 'cost'], ['env', 'team'], true],
  ['ForAllValues:StringEquals', KEYS, ['env', 'team', 'cost'], ['env', 'owner'], false],
  ['ForAllValues:StringEquals', KEYS, ['env'], undefined, true],
  ['ForAllValues:StringEquals', KEYS, ['env'], [], true],
  ['ForAllValues:StringEquals', KEYS, ['env'], '', true],
  ['ForAnyValue:StringEquals', KEYS, ['webserver'], ['environment', 'webserver', 'test'], true],
  ['ForAnyValue:StringEquals', KEYS, ['webserver'], ['environment', 'test'], false],
  ['ForAnyValue:StringEquals', KEYS, ['webserver'], undefined, false],
  ['ForAllValues:StringNotLike', KEYS, ['key1*'], ['key1:legal'], false],
  ['ForAllValues:StringNotLike', KEYS, ['key1*'], ['key2:audit'], true],
  ['ForAllValues:StringNotLike', KEYS, ['key1*', 'key2*'], ['key1:hr', 'key2:audit'], false],
  ['ForAllValues:StringNotLike', KEYS, ['key1*'], undefined, true],
  ['ForAnyValue:StringNotEquals', KEYS, ['environment', 'cost-center'], ['environment', 'dept'], true],
  ['ForAnyValue:StringNotEquals', KEYS, ['environment', 'cost-center'], ['environment', 'cost-center'], false],
  ['ForAnyValue:StringNotEquals', KEYS, ['environment', 'cost-center'], undefined, false],
  ['ForAllValues:NumericGreaterThan', 'ecs:sizes', ['10', '11', '12'], ['13', '9'], false],
  ['ForAllValues:NumericGreaterThan', 'ecs:sizes', ['10', '11', '12'], ['13', '14', '15'], true],
  ['ForAnyValue:NumericGreaterThan', 'ecs:sizes', ['10', '11', '12'], ['1', '2', '3'], false],
  ['ForAnyValue:StringLikeIfExists', KEYS, ['env*'], undefined, true],
  // A multivalued key without a set operator: any value may match
  ['StringEquals', KEYS, 'env', ['env', 'team'], true],
  ['StringNotEquals', KEYS, 'env', ['env', 'team'], false],
  // A tag's condition value from a variable
  ['StringEquals', 'aws:ResourceTag/team', '${aws:PrincipalTag/team}', 'web', true],
  ['StringLike', 'ecs:cluster', '${aws:PrincipalTag/team}-*', 'web-1', true],
  ['StringEquals', T, 'web', undefined, true], // the principal's own tag: present even without a request value
];

function rowCase([operator, key, policy, request, holds]: Row): EvaluationCase {
  const name = `${operator} ${key} ${JSON.stringify(policy)} vs ${request === undefined ? 'absent' : JSON.stringify(request)} → ${holds}`;
  const context: Record<string, ContextValue> = request === undefined ? {} : { [key]: request };
  return { name, context, identity: doc(allow('ecs:DescribeClusters', '*', { Condition: { [operator]: { [key]: policy } } })), expect: holds ? 'Allow' : 'ImplicitDeny' };
}

export const CONDITION_CASES: EvaluationCase[] = ROWS.map(rowCase);

describe('conditions: operators, IfExists, Null, set operators', () => {
  for (const c of CONDITION_CASES) {
    it(c.name, () => {
      const decision = evaluate(caseRequest(c));
      assert.equal(decision.effect, c.expect, decision.reason);
    });
  }
});
