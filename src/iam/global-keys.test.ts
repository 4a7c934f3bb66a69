import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { globalConditionKeys } from './global-keys.js';

describe('global condition keys outside the edge', () => {
  const now = new Date('2026-03-01T12:34:56.789Z');

  it('give the time as IAM compares it, the region, and the client\'s address without its IPv4-mapped prefix', () => {
    assert.deepEqual(globalConditionKeys({ now, region: 'eu-west-1', sourceIp: '::ffff:10.0.0.7', secureTransport: false }), {
      'aws:CurrentTime': '2026-03-01T12:34:56Z',
      'aws:EpochTime': '1772368496',
      'aws:RequestedRegion': 'eu-west-1',
      'aws:SecureTransport': 'false',
      'aws:SourceIp': '10.0.0.7',
    });
  });

  it('leave out what a service acting for its caller does not know', () => {
    assert.deepEqual(Object.keys(globalConditionKeys({ now, region: 'us-east-1' })), ['aws:CurrentTime', 'aws:EpochTime', 'aws:RequestedRegion']);
  });
});
