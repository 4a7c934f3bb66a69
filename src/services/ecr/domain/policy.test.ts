import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isAllowed, PULL_ACTIONS, validatePolicy } from './policy.js';
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

/**
 * Calls `module.fn(...args)` in a worker so that a catastrophic pattern fails the test instead
 * of hanging the runner: a synchronous regex cannot be interrupted from its own thread. The
 * deadline is a hang guard far above the microseconds these calls take, not a performance
 * assertion (the matcher's own tests bound its cost by step count).
 */
function callInWorker(module: string, fn: string, args: unknown[], deadlineMs = 20_000): Promise<unknown> {
  const code = `const { parentPort, workerData: w } = require('node:worker_threads');
    parentPort.postMessage(require(w.module)[w.fn](...w.args));`;
  const worker = new Worker(code, { eval: true, workerData: { module: join(__dirname, module), fn, args } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void worker.terminate().then(() => reject(new Error(`no answer within ${deadlineMs} ms`))), deadlineMs);
    worker.once('message', (result: unknown) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(result));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('repository policy wildcards', () => {
  it('match actions case-insensitively, with ? as exactly one character', () => {
    const deny = (Action: string) => policy({ Effect: 'Deny', Principal: '*', Action });
    assert.ok(!isAllowed(deny('ECR:batchgetimage'), 'ecr:BatchGetImage', root, root.accountId));
    assert.ok(!isAllowed(deny('ecr:Batch?etImage'), 'ecr:BatchGetImage', root, root.accountId));
    assert.ok(isAllowed(deny('ecr:Batch??etImage'), 'ecr:BatchGetImage', root, root.accountId));
    assert.ok(isAllowed(deny('ecr:Batch.etImage'), 'ecr:BatchGetImage', root, root.accountId), 'a dot is literal');
    assert.ok(!isAllowed(deny('ecr:*Image'), 'ecr:BatchGetImage', root, root.accountId));
  });

  it('evaluate a stored ecr:<25 stars>Q policy without catastrophic backtracking', async () => {
    const text = policy({ Effect: 'Deny', Principal: '*', Action: `ecr:${'*'.repeat(25)}Q` });
    assert.equal(validatePolicy(text), undefined);
    assert.equal(await callInWorker('policy.js', 'isAllowed', [text, 'ecr:SetRepositoryPolicy', root, root.accountId]), true);
    for (const action of PULL_ACTIONS) assert.ok(isAllowed(text, action, root, root.accountId));
  });
});

describe('tag mutability', () => {
  it('follows IMMUTABLE and the exclusion variants', () => {
    assert.ok(!tagIsImmutable({ imageTagMutability: 'MUTABLE' }, 'v1'));
    assert.ok(tagIsImmutable({ imageTagMutability: 'IMMUTABLE' }, 'v1'));
    const filters = [{ filterType: 'WILDCARD' as const, filter: 'dev-*' }];
    assert.ok(!tagIsImmutable({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'dev-1'));
    assert.ok(tagIsImmutable({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'v1'));
    assert.ok(tagIsImmutable({ imageTagMutability: 'MUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'dev-1'));
  });

  it('matches exclusion filters literally apart from *, without catastrophic backtracking', async () => {
    const mutability = 'IMMUTABLE_WITH_EXCLUSION';
    assert.ok(tagIsImmutable({ imageTagMutability: mutability, imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'v1.*' }] }, 'v1x2'));
    const stars = [{ filterType: 'WILDCARD', filter: `${'*'.repeat(120)}Q` }];
    assert.equal(await callInWorker('mutability.js', 'tagIsImmutable', [{ imageTagMutability: mutability, imageTagMutabilityExclusionFilters: stars }, 'a'.repeat(300)]), true);
  });
});
