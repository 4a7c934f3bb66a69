import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { repositoryPolicyCache, validatePolicy } from './policy.js';
import { tagIsImmutable } from './mutability.js';
import { RepositoryDoc } from './records.js';

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('repository policies', () => {
  it('validates documents with ECR\'s rules and IAM\'s grammar', () => {
    assert.equal(validatePolicy(policy({ Effect: 'Allow', Principal: '*', Action: 'ecr:*' })), undefined);
    assert.equal(validatePolicy(policy({ Sid: 'allow public pull', Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:root'] }, Action: ['ecr:BatchGetImage'] })), undefined);
    assert.match(validatePolicy('{')!, /Invalid repository policy/);
    assert.match(validatePolicy(policy({ Effect: 'Maybe', Principal: '*', Action: 'ecr:*' }))!, /Invalid policy effect/);
    assert.match(validatePolicy(policy({ Effect: 'Allow', Action: 'ecr:*' }))!, /Invalid repository policy/);
    assert.match(validatePolicy(policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }))!, /Invalid repository policy/);
    // Only IAM's grammar refuses these: a principal that is no principal, a condition key without a vendor.
    assert.match(validatePolicy(policy({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'ecr:*' }))!, /Invalid repository policy/);
    assert.match(validatePolicy(policy({ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Condition: { StringEquals: { SourceIp: 'x' } } }))!, /Invalid repository policy/);
  });

  it('are parsed once per text, and a stored one IAM cannot read leaves only the owner\'s root', () => {
    const policyOf = repositoryPolicyCache();
    const arn = 'arn:aws:ecr:us-east-1:000000000000:repository/app';
    const doc = (policyText?: string) => ({ registryId: '000000000000', policyText }) as RepositoryDoc;
    assert.equal(policyOf(doc(), arn), undefined);
    const text = policy({ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' });
    assert.equal(policyOf(doc(text), arn), policyOf(doc(text), arn));
    assert.equal(policyOf(doc(text), arn)?.statements[0].effect, 'Allow');
    const unreadable = policyOf(doc(policy({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'ecr:*' })), arn)!;
    assert.deepEqual(unreadable.statements.map((s) => [s.effect, s.principals?.not, [...(s.principals?.set.accounts ?? [])]]), [['Deny', true, ['000000000000']]]);
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
