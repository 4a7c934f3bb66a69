import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, ssmApi } from './api-harness.js';

describe('labels, tags and deletion', () => {
  it('LabelParameterVersion: the latest by default; labels move; invalid ones are reported', async () => {
    const { call, put, failure } = ssmApi();
    await put('MyStringParameter', 'v1');
    await put('MyStringParameter', 'v2', { Overwrite: true });
    await put('MyStringParameter', 'v3', { Overwrite: true });
    assert.deepEqual(await call('LabelParameterVersion', { Name: 'MyStringParameter', Labels: ['ProductionReady'] }), { InvalidLabels: [], ParameterVersion: 3 });
    assert.deepEqual(await call('LabelParameterVersion', { Name: 'MyStringParameter', ParameterVersion: 2, Labels: ['ProductionReady', 'aws-x', '2go'] }), { InvalidLabels: ['aws-x', '2go'], ParameterVersion: 2 });
    const labels = (await call('GetParameterHistory', { Name: 'MyStringParameter' })).Parameters.map((p) => p.Labels);
    assert.deepEqual(labels, [[], ['ProductionReady'], []]);
    assert.equal(await failure('LabelParameterVersion', { Name: 'MyStringParameter', ParameterVersion: 7, Labels: ['x'] }), 'ParameterVersionNotFound: Systems Manager could not find version 7 of MyStringParameter. Verify the version and try again.');
    assert.equal(await failure('LabelParameterVersion', { Name: 'Nope', Labels: ['x'] }), 'ParameterNotFound: ');
    const ten = Array.from({ length: 10 }, (_v, i) => `l${i}`);
    await call('LabelParameterVersion', { Name: 'MyStringParameter', ParameterVersion: 1, Labels: ten });
    assert.match(await failure('LabelParameterVersion', { Name: 'MyStringParameter', ParameterVersion: 1, Labels: ['eleventh'] }), /^ParameterVersionLabelLimitExceeded: A parameter version can have maximum 10 labels/);
  });

  it('UnlabelParameterVersion removes what the version has', async () => {
    const { call, put, failure } = ssmApi();
    await put('p', 'v');
    await call('LabelParameterVersion', { Name: 'p', Labels: ['label_1', 'label_2'] });
    assert.deepEqual(await call('UnlabelParameterVersion', { Name: 'p', ParameterVersion: 1, Labels: ['label_1', 'label_3'] }), { RemovedLabels: ['label_1'], InvalidLabels: ['label_3'] });
    assert.match(await failure('UnlabelParameterVersion', { Name: 'p', ParameterVersion: 2, Labels: ['label_2'] }), /^ParameterVersionNotFound/);
  });

  it('tags: created with the parameter, added, removed, listed; by name with or without the slash or by ARN', async () => {
    const { call, put, failure } = ssmApi();
    await put('/My-Parameter', 'v', { Tags: [{ Key: 'Region', Value: 'West' }] });
    await call('AddTagsToResource', { ResourceType: 'Parameter', ResourceId: 'My-Parameter', Tags: [{ Key: 'Region', Value: 'East' }, { Key: 'Environment', Value: 'Production' }] });
    const list = (id: string) => call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: id });
    assert.deepEqual((await list('/My-Parameter')).TagList, [{ Key: 'Region', Value: 'East' }, { Key: 'Environment', Value: 'Production' }]);
    await call('RemoveTagsFromResource', { ResourceType: 'Parameter', ResourceId: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/My-Parameter`, TagKeys: ['Region', 'absent'] });
    assert.deepEqual((await list('My-Parameter')).TagList, [{ Key: 'Environment', Value: 'Production' }]);
    assert.equal(await failure('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: 'missing' }), 'InvalidResourceId: ');
    assert.equal(await failure('ListTagsForResource', { ResourceType: 'Document', ResourceId: 'My-Document' }), 'InvalidResourceId: ');
    const many = Array.from({ length: 50 }, (_v, i) => ({ Key: `k${i}`, Value: '' }));
    assert.match(await failure('AddTagsToResource', { ResourceType: 'Parameter', ResourceId: 'My-Parameter', Tags: many }), /^TooManyTagsError/);
  });

  it('DeleteParameter(s): versions and tags go too; a name can then be created again from version 1', async () => {
    const { call, put, failure, store } = ssmApi();
    await put('MyFirstParameter', 'a');
    await put('MyFirstParameter', 'b', { Overwrite: true });
    await put('/MySecondParameter', 'c', { Tags: [{ Key: 't', Value: 'v' }] });
    assert.deepEqual(await call('DeleteParameters', { Names: ['MyFirstParameter', 'MySecondParameter', 'MyInvalidParameterName'] }), {
      DeletedParameters: ['MyFirstParameter', 'MySecondParameter'], InvalidParameters: ['MyInvalidParameterName'],
    });
    assert.equal(store.count('ssm/parameter-version'), 0);
    assert.equal(await failure('DeleteParameter', { Name: 'MyFirstParameter' }), 'ParameterNotFound: ');
    assert.equal((await put('/MySecondParameter', 'again')).Version, 1);
    assert.deepEqual((await call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: '/MySecondParameter' })).TagList, []);
    assert.deepEqual(await call('DeleteParameter', { Name: '/MySecondParameter' }), {});
  });
});
