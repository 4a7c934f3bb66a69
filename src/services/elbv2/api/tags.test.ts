/** ELBv2 tags: an ARN names its resource kind by its type, and only ELBv2's own types are kinds. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { elbv2Api } from './api-harness.js';

describe('ELBv2 tags', () => {
  it('an ARN whose type is a name of Object.prototype is not a resource ARN (fuzz finding: it was a 500)', async () => {
    const { call } = elbv2Api();
    for (const type of ['toString', 'constructor', '__proto__']) {
      const arn = `arn:aws:elasticloadbalancing:us-east-1:000000000000:${type}/x/0123456789abcdef`;
      await assert.rejects(call('AddTags', { ResourceArns: [arn], Tags: [{ Key: 'k', Value: 'v' }] }), { code: 'ValidationError', message: `'${arn}' is not a valid resource ARN` });
    }
  });
});
