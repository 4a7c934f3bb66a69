import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { iamActionFor } from './actions.js';
import { AuthorizationRequest, policyAuthorizer, PolicySource } from './authorizer.js';
import { parsePolicy } from './policy/parse.js';
import { Principal } from './principal.js';

const USER: Principal = { accessKeyId: 'AKIAUSER', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', root: false, type: 'user', userId: 'AIDAALICE', username: 'alice' };
const ACTION = iamActionFor('ecs', 'DescribeClusters')!;
const CLUSTER = 'arn:aws:ecs:us-east-1:111122223333:cluster/prod';

function source(...statements: object[]): PolicySource & { reads: number } {
  const policy = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity');
  const s = { reads: 0, revision: () => 1, policiesOf: () => (s.reads++, { identity: [policy], session: [] }) };
  return s;
}

const request = (context: AuthorizationRequest['context'], resources = [CLUSTER]): AuthorizationRequest => ({ principal: USER, action: ACTION, resources, region: 'us-east-1', context });

describe('policyAuthorizer decisions', () => {
  it('a decision follows the context keys its policies read', () => {
    const auth = policyAuthorizer(source({ Effect: 'Allow', Action: 'ecs:*', Resource: '*', Condition: { DateLessThan: { 'aws:CurrentTime': '2026-11-30T12:00:00Z' } } }), () => 0);
    assert.equal(auth.authorize(request({ 'aws:CurrentTime': '2026-11-30T11:59:59Z' })).allowed, true);
    assert.equal(auth.authorize(request({ 'aws:CurrentTime': '2026-11-30T12:00:01Z' })).allowed, false);
    assert.equal(auth.authorize(request({ 'aws:currenttime': '2026-11-30T11:00:00Z' })).allowed, true, 'keys compare case-insensitively');
  });

  it('keys the policies do not read do not change a decision, and variables count as read', () => {
    const auth = policyAuthorizer(source({ Effect: 'Allow', Action: 'ecs:*', Resource: 'arn:aws:ecs:*:*:cluster/${aws:SourceIp}' }), () => 0);
    assert.equal(auth.authorize(request({ 'aws:SourceIp': 'prod', 'aws:CurrentTime': 'a' })).allowed, true);
    assert.equal(auth.authorize(request({ 'aws:SourceIp': 'prod', 'aws:CurrentTime': 'b' })).allowed, true);
    assert.equal(auth.authorize(request({ 'aws:SourceIp': 'dev', 'aws:CurrentTime': 'b' })).allowed, false);
  });

  it('resources and actions are part of a decision', () => {
    const auth = policyAuthorizer(source({ Effect: 'Allow', Action: 'ecs:DescribeClusters', Resource: CLUSTER }), () => 0);
    assert.equal(auth.authorize(request({})).allowed, true);
    assert.equal(auth.authorize(request({}, [`${CLUSTER}-2`])).allowed, false);
    assert.equal(auth.authorize({ ...request({}), action: iamActionFor('ecs', 'DeleteCluster')! }).allowed, false);
  });

  it('policies are read again after the cache time', () => {
    let clock = 0;
    const s = source({ Effect: 'Allow', Action: 'ecs:*', Resource: '*' });
    const auth = policyAuthorizer(s, () => clock);
    auth.authorize(request({}));
    auth.authorize(request({}));
    assert.equal(s.reads, 1);
    clock = 1500;
    auth.authorize(request({}));
    assert.equal(s.reads, 2);
  });
});
