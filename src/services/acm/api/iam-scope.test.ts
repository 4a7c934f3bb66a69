import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acmCallScope } from './iam-scope.js';

const place = { region: 'us-east-1', accountId: '123456789012' };
const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';

describe('ACM call scope', () => {
  it('names the certificate a call touches', () => {
    assert.deepEqual(acmCallScope('DescribeCertificate', { CertificateArn: arn }, place), { resources: [arn] });
    assert.equal(acmCallScope('ListCertificates', {}, place), undefined);
  });

  it('offers RequestCertificate\'s condition keys and the request tags', () => {
    const scope = acmCallScope('RequestCertificate', { DomainName: 'a.example.com', SubjectAlternativeNames: ['b.example.com'], ValidationMethod: 'DNS', Tags: [{ Key: 'team', Value: 'web' }] }, place);
    assert.deepEqual(scope, {
      resources: ['*'],
      context: {
        'acm:KeyAlgorithm': 'RSA_2048', 'acm:ValidationMethod': 'DNS', 'acm:DomainNames': ['a.example.com', 'b.example.com'],
        'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'web',
      },
    });
  });
});
