import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecrCallScope } from './iam-scope.js';

const ctx = { region: 'eu-west-1', accountId: '111122223333' };

describe('ECR resources for IAM', () => {
  it('names the repository in the registry the call names, or the caller’s own', () => {
    assert.deepEqual(ecrCallScope('BatchGetImage', { repositoryName: 'team/app', imageIds: [] }, ctx)?.resources, ['arn:aws:ecr:eu-west-1:111122223333:repository/team/app']);
    assert.deepEqual(ecrCallScope('DescribeImages', { registryId: '444455556666', repositoryName: 'app' }, ctx)?.resources, ['arn:aws:ecr:eu-west-1:444455556666:repository/app']);
    assert.equal(ecrCallScope('GetAuthorizationToken', {}, ctx), undefined);
  });
});
