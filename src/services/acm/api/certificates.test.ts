import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { CertificateDoc, KIND } from '../domain/records.js';
import { acmApi, outsideCertificate, REGION, ACCOUNT, SCOPE } from './api-harness.js';

describe('ACM RequestCertificate', () => {
  it('issues at once from the private CA, with the validation records AWS shows', async () => {
    const { call, ca } = acmApi();
    const { CertificateArn } = await call('RequestCertificate', { DomainName: 'www.example.com', SubjectAlternativeNames: ['example.com', 'WWW.example.com'], ValidationMethod: 'DNS' });
    assert.match(CertificateArn, new RegExp(`^arn:aws:acm:${REGION}:${ACCOUNT}:certificate/[0-9a-f-]{36}$`));
    const cert = (await call('DescribeCertificate', { CertificateArn })).Certificate;
    assert.deepEqual([cert.Status, cert.Type, cert.KeyAlgorithm, cert.SignatureAlgorithm, cert.Subject], ['ISSUED', 'AMAZON_ISSUED', 'RSA_2048', 'SHA256WITHRSA', 'CN=www.example.com']);
    assert.deepEqual(cert.SubjectAlternativeNames, ['www.example.com', 'example.com']);
    assert.deepEqual(cert.DomainValidationOptions.map((d) => [d.DomainName, d.ValidationStatus, d.ResourceRecord.Type]), [['www.example.com', 'SUCCESS', 'CNAME'], ['example.com', 'SUCCESS', 'CNAME']]);
    assert.match(cert.DomainValidationOptions[0].ResourceRecord.Name, /^_[0-9a-f]{32}\.www\.example\.com\.$/);
    assert.match(cert.DomainValidationOptions[0].ResourceRecord.Value, /^_[0-9a-f]{32}\.[0-9a-f]{10}\.acm-validations\.aws\.$/);
    const { Certificate, CertificateChain } = await call('GetCertificate', { CertificateArn });
    assert.ok(new X509Certificate(Certificate).verify(new X509Certificate(ca.certificatePem).publicKey));
    assert.equal(CertificateChain, ca.certificatePem);
  });

  it('makes EC keys, returns the same certificate for a repeated idempotency token, refuses keys it cannot request', async () => {
    const { call, failure, clock } = acmApi();
    const first = await call('RequestCertificate', { DomainName: 'a.example.com', KeyAlgorithm: 'EC_secp384r1', IdempotencyToken: 'tok1' });
    assert.equal((await call('RequestCertificate', { DomainName: 'a.example.com', KeyAlgorithm: 'EC_secp384r1', IdempotencyToken: 'tok1' })).CertificateArn, first.CertificateArn);
    assert.equal((await call('DescribeCertificate', first)).Certificate.KeyAlgorithm, 'EC_secp384r1');
    clock.advance(3_600_001);
    assert.notEqual((await call('RequestCertificate', { DomainName: 'a.example.com', IdempotencyToken: 'tok1' })).CertificateArn, first.CertificateArn);
    assert.match(await failure('RequestCertificate', { DomainName: 'a.example.com', KeyAlgorithm: 'RSA_4096' }), /^ValidationException\(400\): KeyAlgorithm RSA_4096 is not supported/);
  });

  it('EMAIL validation lists the validation domain\'s mailboxes', async () => {
    const { call } = acmApi();
    const { CertificateArn } = await call('RequestCertificate', { DomainName: '*.shop.example.com', DomainValidationOptions: [{ DomainName: '*.shop.example.com', ValidationDomain: 'example.com' }] });
    const [option] = (await call('DescribeCertificate', { CertificateArn })).Certificate.DomainValidationOptions;
    assert.deepEqual([option.ValidationMethod, option.ValidationDomain, option.ValidationEmails[0]], ['EMAIL', 'example.com', 'admin@example.com']);
  });
});

describe('ACM ImportCertificate', () => {
  it('imports a certificate with its chain; the key is stored only as ciphertext and never returned', async () => {
    const { call, store, clock, port } = acmApi();
    const outside = outsideCertificate(['api.example.org', 'www.example.org'], clock.now(), { curve: 'prime256v1' });
    const { CertificateArn } = await call('ImportCertificate', { Certificate: Buffer.from(outside.certificatePem), PrivateKey: Buffer.from(outside.privateKeyPem), CertificateChain: Buffer.from(outside.chainPem) });
    const cert = (await call('DescribeCertificate', { CertificateArn })).Certificate;
    assert.deepEqual([cert.Type, cert.KeyAlgorithm, cert.SignatureAlgorithm, cert.Issuer, cert.DomainName], ['IMPORTED', 'EC_prime256v1', 'SHA256WITHECDSA', 'O=Outside,CN=Outside CA', 'api.example.org']);
    assert.ok(cert.ImportedAt instanceof Date || typeof cert.ImportedAt === 'string');
    const stored = JSON.stringify(store.list<CertificateDoc>(KIND.certificate));
    assert.ok(!stored.includes('PRIVATE KEY') && !stored.includes(outside.privateKeyPem.split('\n')[1]));
    assert.deepEqual(Object.keys(await call('GetCertificate', { CertificateArn })).sort(), ['Certificate', 'CertificateChain']);
    const bundle = port.bundle(SCOPE, CertificateArn)!;
    assert.match(bundle.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(port.describe(SCOPE, CertificateArn, clock.now())?.status, 'ISSUED');
  });

  it('refuses what ACM refuses, without echoing the key', async () => {
    const { failure, clock } = acmApi();
    const now = clock.now();
    const good = outsideCertificate(['x.example.org'], now);
    const other = outsideCertificate(['y.example.org'], now);
    const refuse = (over: object) => failure('ImportCertificate', { Certificate: good.certificatePem, PrivateKey: good.privateKeyPem, ...over });
    assert.equal(await refuse({ PrivateKey: other.privateKeyPem }), 'ValidationException(400): The private key does not match the public key in the certificate.');
    assert.equal(await refuse({ Certificate: good.certificatePem + other.certificatePem }), 'ValidationException(400): The certificate field contains more than one certificate. You can specify only one certificate in this field.');
    assert.equal(await refuse({ PrivateKey: 'not a key' }), 'ValidationException(400): Unable to parse the private key. It must be an unencrypted PEM-encoded private key.');
    assert.equal(await refuse({ CertificateChain: other.chainPem }), 'ValidationException(400): Could not validate the certificate with the certificate chain.');
    const small = outsideCertificate(['x.example.org'], now, { rsa: 1024 });
    assert.match(await refuse({ Certificate: small.certificatePem, PrivateKey: small.privateKeyPem }), /^ValidationException\(400\): The private key is not supported\./);
    const p521 = outsideCertificate(['x.example.org'], now, { curve: 'secp521r1' });
    assert.match(await refuse({ Certificate: p521.certificatePem, PrivateKey: p521.privateKeyPem }), /^ValidationException\(400\): The private key is not supported\./);
    const expired = outsideCertificate(['x.example.org'], now, { days: [-30, -1] });
    assert.equal(await refuse({ Certificate: expired.certificatePem, PrivateKey: expired.privateKeyPem }), 'ValidationException(400): The certificate has expired.');
  });

  it('reimports into the same ARN, keeping tags and uses', async () => {
    const { call, failure, clock, port } = acmApi();
    const first = outsideCertificate(['r.example.org'], clock.now());
    const { CertificateArn } = await call('ImportCertificate', { Certificate: first.certificatePem, PrivateKey: first.privateKeyPem, Tags: [{ Key: 'k', Value: 'v' }] });
    port.setUsage('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef', [CertificateArn]);
    const second = outsideCertificate(['r.example.org'], clock.now());
    await call('ImportCertificate', { CertificateArn, Certificate: second.certificatePem, PrivateKey: second.privateKeyPem });
    assert.equal((await call('GetCertificate', { CertificateArn })).Certificate, new X509Certificate(second.certificatePem).toString());
    assert.deepEqual((await call('ListTagsForCertificate', { CertificateArn })).Tags, [{ Key: 'k', Value: 'v' }]);
    assert.equal((await call('DescribeCertificate', { CertificateArn })).Certificate.InUseBy.length, 1);
    const requested = await call('RequestCertificate', { DomainName: 'r.example.org' });
    assert.match(await failure('ImportCertificate', { CertificateArn: requested.CertificateArn, Certificate: second.certificatePem, PrivateKey: second.privateKeyPem }), /^ValidationException\(400\): Certificate .* was not imported/);
  });
});

describe('ACM lists, tags and deletion', () => {
  it('lists RSA_2048 by default and other key types when asked; filters by status; pages', async () => {
    const { call, clock } = acmApi();
    for (const name of ['a.example.com', 'b.example.com', 'c.example.com']) await call('RequestCertificate', { DomainName: name });
    const ec = await call('RequestCertificate', { DomainName: 'ec.example.com', KeyAlgorithm: 'EC_prime256v1' });
    assert.equal((await call('ListCertificates', {})).CertificateSummaryList.length, 3);
    const all = (await call('ListCertificates', { Includes: { keyTypes: ['RSA_2048', 'EC_prime256v1'] } })).CertificateSummaryList;
    assert.ok(all.some((c) => c.CertificateArn === ec.CertificateArn));
    const first = await call('ListCertificates', { MaxItems: 2, SortBy: 'CREATED_AT', SortOrder: 'ASCENDING' });
    const second = await call('ListCertificates', { MaxItems: 2, SortBy: 'CREATED_AT', SortOrder: 'ASCENDING', NextToken: first.NextToken });
    assert.deepEqual([...first.CertificateSummaryList, ...second.CertificateSummaryList].map((c) => c.DomainName).sort(), ['a.example.com', 'b.example.com', 'c.example.com']);
    assert.equal(second.NextToken, undefined);
    assert.equal((await call('ListCertificates', { CertificateStatuses: ['EXPIRED'] })).CertificateSummaryList.length, 0);
    clock.advance(400 * 86_400_000);
    assert.equal((await call('ListCertificates', { CertificateStatuses: ['EXPIRED'] })).CertificateSummaryList.length, 3);
  });

  it('tags and untags (a value given must match)', async () => {
    const { call, failure } = acmApi();
    const { CertificateArn } = await call('RequestCertificate', { DomainName: 't.example.com', Tags: [{ Key: 'a', Value: '1' }] });
    await call('AddTagsToCertificate', { CertificateArn, Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '3' }] });
    await call('RemoveTagsFromCertificate', { CertificateArn, Tags: [{ Key: 'b', Value: 'other' }, { Key: 'a' }] });
    assert.deepEqual((await call('ListTagsForCertificate', { CertificateArn })).Tags, [{ Key: 'b', Value: '2' }]);
    assert.match(await failure('AddTagsToCertificate', { CertificateArn, Tags: [{ Key: 'aws:x', Value: '1' }] }), /^InvalidTagException/);
  });

  it('refuses to delete a certificate in use; names unknown and malformed ARNs as AWS does', async () => {
    const { call, failure, port } = acmApi();
    const { CertificateArn } = await call('RequestCertificate', { DomainName: 'd.example.com' });
    const lb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef';
    port.setUsage(lb, [CertificateArn]);
    assert.equal(await failure('DeleteCertificate', { CertificateArn }), `ResourceInUseException(400): Certificate ${CertificateArn} is in use by ${lb}.`);
    port.setUsage(lb, []);
    await call('DeleteCertificate', { CertificateArn });
    assert.equal(await failure('DescribeCertificate', { CertificateArn }), `ResourceNotFoundException(400): Could not find certificate ${CertificateArn}.`);
    const elsewhere = CertificateArn.replace(REGION, 'eu-west-1');
    assert.equal(await failure('GetCertificate', { CertificateArn: elsewhere }), `ResourceNotFoundException(400): Could not find certificate ${elsewhere}.`);
    assert.match(await failure('GetCertificate', { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:thing/x' }), /^InvalidArnException/);
  });
});
