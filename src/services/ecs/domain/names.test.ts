import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceKeyFromArn, isForeignArn, taskKeyFromArn } from './names.js';

describe('isForeignArn', () => {
  const scope = { region: 'us-east-1', accountId: '000000000000' };
  const cases: [string, boolean][] = [
    ['web:1', false],
    ['default', false],
    ['arn:aws:ecs:us-east-1:000000000000:task-definition/web:1', false],
    ['arn:aws:ecs:us-east-1:111111111111:task-definition/web:1', true],
    ['arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1', true],
    ['arn:aws-cn:ecs:us-east-1:000000000000:cluster/default', true],
    ['arn:aws:ecs:us-east-1::cluster/default', true],
    ['arn:aws:ecs:us-east-1:111111111111:service/default/web', true],
  ];
  for (const [ref, expected] of cases) it(`${ref} is ${expected ? 'foreign' : 'the caller\u2019s'}`, () => assert.equal(isForeignArn(ref, scope), expected));
  it('China regions use the aws-cn partition', () => {
    assert.equal(isForeignArn('arn:aws-cn:ecs:cn-north-1:000000000000:cluster/c', { region: 'cn-north-1', accountId: '000000000000' }), false);
  });
});

describe('store keys from ARNs', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['arn:aws:ecs:eu-west-1:111122223333:task/prod/abc', 'eu-west-1/111122223333/prod/abc', undefined],
    ['arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/0f1e', undefined, 'eu-west-1/111122223333/prod/0f1e'],
    ['arn:aws:ecs:eu-west-1:111122223333:cluster/prod', undefined, undefined],
    ['not an arn', undefined, undefined],
  ];
  for (const [arn, task, instance] of cases) {
    it(arn, () => assert.deepEqual([taskKeyFromArn(arn), instanceKeyFromArn(arn)], [task, instance]));
  }
});
