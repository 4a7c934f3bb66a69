import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cloudwatchCallScope } from './iam-scope.js';

const place = { region: 'eu-west-1', accountId: '111122223333' };
const A = 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:';

describe('CloudWatch resources and condition keys for IAM', () => {
  it('names the alarms each call touches; metric calls are *', () => {
    const table: Array<[string, object, string[] | undefined]> = [
      ['PutMetricAlarm', { AlarmName: 'cpu' }, [`${A}cpu`]],
      ['DeleteAlarms', { AlarmNames: ['a', 'b'] }, [`${A}a`, `${A}b`]],
      ['SetAlarmState', { AlarmName: 'cpu', StateValue: 'OK', StateReason: 'r' }, [`${A}cpu`]],
      ['DescribeAlarmHistory', { AlarmName: 'cpu' }, [`${A}cpu`]],
      ['TagResource', { ResourceARN: `${A}cpu`, Tags: [] }, [`${A}cpu`]],
      ['ListTagsForResource', { ResourceARN: 'arn:aws:cloudwatch::111122223333:dashboard/d' }, undefined],
      ['GetMetricData', { MetricDataQueries: [] }, undefined],
    ];
    for (const [operation, input, resources] of table) assert.deepEqual(cloudwatchCallScope(operation, input, place)?.resources, resources, operation);
  });

  it('offers cloudwatch:namespace, cloudwatch:AlarmActions and the request tags where the action lists them', () => {
    assert.deepEqual(cloudwatchCallScope('PutMetricData', { Namespace: 'App' }, place)?.context, { 'cloudwatch:namespace': 'App' });
    assert.deepEqual(cloudwatchCallScope('PutMetricAlarm', { AlarmName: 'cpu', AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:t'], Tags: [{ Key: 'team', Value: 'web' }] }, place)?.context, {
      'cloudwatch:AlarmActions': ['arn:aws:sns:eu-west-1:111122223333:t'], 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'web',
    });
    assert.equal(cloudwatchCallScope('GetMetricStatistics', { Namespace: 'App' }, place)?.context, undefined);
  });
});
