import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowed, validatePolicy } from './policy.js';
import { tagIsImmutable } from './mutability.js';

const root = { arn: 'arn:aws:iam::000000000000:root', accountId: '000000000000' };
const other = { arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111' };
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('repository policies', () => {
  it('validates documents', () => {
    assert.equal(validatePolicy(policy({ Effect: 'Allow', Principal: '*', Action: 'ecr:*' })), undefined);
    assert.match(validatePolicy('{')!, /Invalid repository policy/);
    assert.match(validatePolicy(policy({ Effect: 'Maybe', Principal: '*', Action: 'ecr:*' }))!, /Invalid policy effect/);
    assert.match(validatePolicy(policy({ Effect: 'Allow', Action: 'ecr:*' }))!, /Invalid repository policy/);
    assert.match(validatePolicy(policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }))!, /Invalid repository policy/);
  });

  it('lets the owner account do anything unless a statement denies it', () => {
    assert.ok(isAllowed(undefined, 'ecr:PutImage', root, root.accountId));
    const deny = policy({ Effect: 'Deny', Principal: { AWS: root.arn }, Action: ['ecr:PutImage', 'ecr:Upload*'] });
    assert.ok(!isAllowed(deny, 'ecr:PutImage', root, root.accountId));
    assert.ok(!isAllowed(deny, 'ecr:UploadLayerPart', root, root.accountId));
    assert.ok(isAllowed(deny, 'ecr:BatchGetImage', root, root.accountId));
    assert.ok(!isAllowed(policy({ Effect: 'Deny', Principal: '*', NotAction: 'ecr:BatchGetImage' }), 'ecr:PutImage', root, root.accountId));
  });

  it('needs an explicit Allow for another account and never for anonymous callers', () => {
    assert.ok(!isAllowed(undefined, 'ecr:BatchGetImage', other, root.accountId));
    const allow = policy({ Effect: 'Allow', Principal: { AWS: ['111111111111'] }, Action: 'ecr:BatchGetImage' });
    assert.ok(isAllowed(allow, 'ecr:BatchGetImage', other, root.accountId));
    assert.ok(!isAllowed(allow, 'ecr:PutImage', other, root.accountId));
    assert.ok(!isAllowed(allow, 'ecr:BatchGetImage', {}, root.accountId));
  });
});

describe('tag mutability', () => {
  it('follows IMMUTABLE and the exclusion variants', () => {
    assert.ok(!tagIsImmutable({ imageTagMutability: 'MUTABLE' }, 'v1'));
    assert.ok(tagIsImmutable({ imageTagMutability: 'IMMUTABLE' }, 'v1'));
    const filters = [{ filterType: 'WILDCARD', filter: 'dev-*' }];
    assert.ok(!tagIsImmutable({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'dev-1'));
    assert.ok(tagIsImmutable({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'v1'));
    assert.ok(tagIsImmutable({ imageTagMutability: 'MUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'dev-1'));
  });
});
