import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ssmCallScope } from './ssm-scope.js';

const place = { region: 'eu-west-1', accountId: '111122223333' };
const A = 'arn:aws:ssm:eu-west-1:111122223333:parameter';

describe('SSM resources for IAM', () => {
  it('names the parameter ARNs each call touches', () => {
    const table: Array<[string, object, string[] | undefined]> = [
      ['PutParameter', { Name: '/app/db', Value: 'x' }, [`${A}/app/db`]],
      ['GetParameter', { Name: 'plain:3' }, [`${A}/plain`]],
      ['GetParameter', { Name: `${A}/app/db:prod` }, [`${A}/app/db`]],
      ['GetParameters', { Names: ['/a', 'b:label'] }, [`${A}/a`, `${A}/b`]],
      ['GetParametersByPath', { Path: '/app/db/' }, [`${A}/app/db`]],
      ['GetParametersByPath', { Path: '/' }, [`${A}/`]],
      ['DeleteParameters', { Names: ['/x'] }, [`${A}/x`]],
      ['LabelParameterVersion', { Name: '/x', Labels: ['l'] }, [`${A}/x`]],
      ['AddTagsToResource', { ResourceType: 'Parameter', ResourceId: '/x', Tags: [] }, [`${A}/x`]],
      ['AddTagsToResource', { ResourceType: 'Document', ResourceId: 'doc', Tags: [] }, undefined],
      ['DescribeParameters', {}, undefined],
    ];
    for (const [operation, input, resources] of table) assert.deepEqual(ssmCallScope(operation, input, place)?.resources, resources, `${operation} ${JSON.stringify(input)}`);
  });

  it('offers ssm:Overwrite and ssm:Recursive where the action lists them', () => {
    assert.deepEqual(ssmCallScope('PutParameter', { Name: '/x', Overwrite: true }, place)?.context, { 'ssm:Overwrite': 'true' });
    assert.deepEqual(ssmCallScope('GetParametersByPath', { Path: '/x', Recursive: false }, place)?.context, { 'ssm:Recursive': 'false' });
    assert.equal(ssmCallScope('GetParameter', { Name: '/x', Overwrite: true }, place)?.context, undefined);
  });
});
