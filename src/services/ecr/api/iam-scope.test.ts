import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecrCallScope } from './iam-scope.js';
import { ACCOUNT, ecrHarness } from './ecr-test-support.js';

const ctx = { region: 'eu-west-1', accountId: ACCOUNT };

describe('ECR resources for IAM', () => {
  const h = ecrHarness();
  after(() => h.cleanup());
  const scope = ecrCallScope(h.deps);

  it('names the repository in the registry the call names, or the caller’s own', () => {
    assert.deepEqual(scope('BatchGetImage', { repositoryName: 'team/app', imageIds: [] }, ctx)?.resources, [`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/app`]);
    assert.deepEqual(scope('DescribeImages', { registryId: '444455556666', repositoryName: 'app' }, ctx)?.resources, ['arn:aws:ecr:eu-west-1:444455556666:repository/app']);
    assert.equal(scope('GetAuthorizationToken', {}, ctx), undefined);
  });

  it('carries the repository policy of a repository that has one, as the resource policy', async () => {
    await h.call('CreateRepository', { repositoryName: 'team/app' }, 'eu-west-1');
    assert.equal(scope('BatchGetImage', { repositoryName: 'team/app', imageIds: [] }, ctx)?.resourcePolicy, undefined);
    const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage' }] });
    await h.call('SetRepositoryPolicy', { repositoryName: 'team/app', policyText }, 'eu-west-1');
    const scoped = scope('BatchGetImage', { repositoryName: 'team/app', imageIds: [] }, ctx);
    assert.equal(scoped?.resourcePolicy?.statements[0].effect, 'Deny');
    assert.equal(scoped?.resourceAccountId, ACCOUNT);
    assert.equal(scope('BatchGetImage', { repositoryName: 'team/app', imageIds: [] }, { ...ctx, region: 'us-east-1' })?.resourcePolicy, undefined, 'another region’s repository of that name');
  });
});
