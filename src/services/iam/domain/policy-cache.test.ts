/** The directory's parse cache: documents parsed once, the least recently used evicted, unreadable ones denying all. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../iam/policy/evaluate.js';
import { PolicyCache } from './policy-cache.js';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const principal = { arn: 'arn:aws:iam::123456789012:user/u', accountId: '123456789012', type: 'user' as const, userId: 'AIDAEXAMPLEEXAMPLE12', username: 'u' };

describe('the policy cache', () => {
  it('answers the same parsed policy for the same document, kind and name', () => {
    const cache = new PolicyCache();
    const a = cache.parse(doc('ecs:*'), 'identity', 'p');
    assert.equal(cache.parse(doc('ecs:*'), 'identity', 'p'), a);
    assert.notEqual(cache.parse(doc('ecs:*'), 'boundary', 'p'), a);
    assert.notEqual(cache.parse(doc('ecs:*'), 'identity', 'q'), a);
    assert.equal(cache.size, 3);
  });

  it('evicts the least recently used past its capacity', () => {
    const cache = new PolicyCache(2);
    const a = cache.parse(doc('a:*'), 'identity', 'a');
    cache.parse(doc('b:*'), 'identity', 'b');
    cache.parse(doc('a:*'), 'identity', 'a');
    cache.parse(doc('c:*'), 'identity', 'c');
    assert.equal(cache.size, 2);
    assert.equal(cache.parse(doc('a:*'), 'identity', 'a'), a);
  });

  it('a document that no longer parses denies everything', () => {
    const policy = new PolicyCache().parse('{"Statement":[{"Effect":"Allow","Action":"*"}]}', 'identity', 'broken');
    const d = evaluate({ principal, action: 'ecs:ListClusters', resource: '*', identityPolicies: [policy, new PolicyCache().parse(doc('*'), 'identity', 'all')] });
    assert.equal(d.effect, 'ExplicitDeny');
    assert.match(policy.name ?? '', /broken \(unreadable\): denies all/);
    assert.equal(new PolicyCache().parse('nonsense', 'trust', 't').kind, 'trust');
  });
});

describe('the policy cache, for managed policy versions', () => {
  it('keys an immutable version by its id, not its text', () => {
    const cache = new PolicyCache();
    const v1 = cache.parse(doc('ecs:*'), 'identity', 'arn', 'ANPA1:v1');
    assert.equal(cache.parse(doc('ignored:*'), 'identity', 'arn', 'ANPA1:v1'), v1);
    assert.notEqual(cache.parse(doc('ecr:*'), 'identity', 'arn', 'ANPA1:v2'), v1);
  });
});
