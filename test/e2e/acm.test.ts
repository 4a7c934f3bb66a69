/**
 * ACM against a running Berth with the official SDK and the aws CLI: certificates requested
 * (issued at once by the data dir's private CA, whose root is written for clients to trust)
 * and imported (with AWS's refusals on the wire), lists, tags, deletion; private keys never
 * leave Berth through the API or its output, and stay readable after a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as acm from '@aws-sdk/client-acm';
import { outsideCertificate } from '../../src/services/acm/api/api-harness.js';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

interface WireError { name: string; message: string; $metadata: { httpStatusCode?: number } }

const client = (endpoint: string) => new acm.ACMClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

async function fails(send: () => Promise<unknown>): Promise<string> {
  const err = (await send().then(() => undefined, (e: WireError) => e)) as WireError | undefined;
  assert.ok(err, 'expected the call to fail');
  return `${err.name}(${err.$metadata.httpStatusCode}): ${err.message}`;
}

describe('ACM through the SDK and the aws CLI', () => {
  let berth: RunningBerth;
  let sdk: acm.ACMClient;
  let requested: string;
  const aws = async (...args: string[]) => JSON.parse((await run('aws', ['--endpoint-url', berth.endpoint, 'acm', ...args, '--output', 'json'], { env: berth.cliEnv() })).stdout || '{}');

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    sdk = client(berth.endpoint);
  });
  after(async () => berth?.destroy());

  it('requests a certificate issued at once by the private CA whose root is in the data dir', async () => {
    const root = readFileSync(join(berth.dataDir, 'ca', 'berth-root-ca.pem'), 'utf8');
    assert.equal(statSync(join(berth.dataDir, 'ca', 'berth-root-ca.key')).mode & 0o777, 0o600);
    requested = (await sdk.send(new acm.RequestCertificateCommand({ DomainName: 'www.example.test', SubjectAlternativeNames: ['example.test'], ValidationMethod: 'DNS', Tags: [{ Key: 'app', Value: 'web' }] }))).CertificateArn!;
    assert.match(requested, new RegExp(`^arn:aws:acm:${REGION}:${ACCOUNT}:certificate/[0-9a-f-]{36}$`));
    const cert = (await sdk.send(new acm.DescribeCertificateCommand({ CertificateArn: requested }))).Certificate!;
    assert.deepEqual([cert.Status, cert.Type, cert.KeyAlgorithm, cert.DomainName, cert.SubjectAlternativeNames], ['ISSUED', 'AMAZON_ISSUED', 'RSA_2048', 'www.example.test', ['www.example.test', 'example.test']]);
    assert.ok(cert.NotAfter instanceof Date && cert.NotAfter.getTime() > Date.now() + 390 * 86_400_000);
    assert.deepEqual(cert.DomainValidationOptions?.map((o) => [o.ValidationStatus, o.ResourceRecord?.Type]), [['SUCCESS', 'CNAME'], ['SUCCESS', 'CNAME']]);
    const got = await sdk.send(new acm.GetCertificateCommand({ CertificateArn: requested }));
    assert.equal(got.CertificateChain, root);
    assert.ok(new X509Certificate(got.Certificate!).checkIssued(new X509Certificate(root)));
    assert.ok(new X509Certificate(got.Certificate!).checkHost('example.test'));
  });

  it('imports with the aws CLI (fileb://), refuses a key that does not match, lists by key type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acm-cli-'));
    try {
      const outside = outsideCertificate(['api.example.test'], new Date(), { curve: 'secp384r1' });
      const mismatch = outsideCertificate(['api.example.test'], new Date());
      for (const [name, text] of Object.entries({ cert: outside.certificatePem, key: outside.privateKeyPem, chain: outside.chainPem, other: mismatch.privateKeyPem })) writeFileSync(join(dir, name), text);
      const imported = (await aws('import-certificate', '--certificate', `fileb://${join(dir, 'cert')}`, '--private-key', `fileb://${join(dir, 'key')}`, '--certificate-chain', `fileb://${join(dir, 'chain')}`)).CertificateArn;
      const described = (await aws('describe-certificate', '--certificate-arn', imported)).Certificate;
      assert.deepEqual([described.Type, described.KeyAlgorithm, described.SignatureAlgorithm, described.Issuer], ['IMPORTED', 'EC_secp384r1', 'SHA256WITHECDSA', 'O=Outside,CN=Outside CA']);
      const refused = await run('aws', ['--endpoint-url', berth.endpoint, 'acm', 'import-certificate', '--certificate', `fileb://${join(dir, 'cert')}`, '--private-key', `fileb://${join(dir, 'other')}`], { env: berth.cliEnv() }).catch((e) => e);
      assert.match(refused.stderr, /ValidationException.*The private key does not match the public key in the certificate/);
      const byDefault = (await aws('list-certificates')).CertificateSummaryList.map((c: { CertificateArn: string }) => c.CertificateArn);
      assert.ok(byDefault.includes(requested) && !byDefault.includes(imported), 'only RSA_1024 and RSA_2048 are listed by default');
      const ec = (await aws('list-certificates', '--includes', 'keyTypes=EC_secp384r1')).CertificateSummaryList;
      assert.deepEqual(ec.map((c: { CertificateArn: string }) => c.CertificateArn), [imported]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tags, deletes, and answers AWS\'s errors on the wire', async () => {
    await sdk.send(new acm.AddTagsToCertificateCommand({ CertificateArn: requested, Tags: [{ Key: 'env', Value: 'test' }] }));
    assert.deepEqual((await sdk.send(new acm.ListTagsForCertificateCommand({ CertificateArn: requested }))).Tags, [{ Key: 'app', Value: 'web' }, { Key: 'env', Value: 'test' }]);
    const extra = (await sdk.send(new acm.RequestCertificateCommand({ DomainName: 'gone.example.test' }))).CertificateArn!;
    await sdk.send(new acm.DeleteCertificateCommand({ CertificateArn: extra }));
    assert.equal(await fails(() => sdk.send(new acm.DescribeCertificateCommand({ CertificateArn: extra }))), `ResourceNotFoundException(400): Could not find certificate ${extra}.`);
    assert.equal(await fails(() => sdk.send(new acm.DescribeCertificateCommand({ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:cert' }))), 'InvalidArnException(400): arn:aws:acm:us-east-1:123456789012:cert is not a valid certificate ARN.');
    assert.match(await fails(() => sdk.send(new acm.DescribeCertificateCommand({ CertificateArn: 'not-an-arn-of-twenty-characters' }))), /^ValidationException\(400\): 1 validation error detected: .* regular expression pattern/);
    assert.match(await fails(() => sdk.send(new acm.RequestCertificateCommand({ DomainName: 'x.example.test', KeyAlgorithm: 'RSA_4096' }))), /^ValidationException\(400\): KeyAlgorithm RSA_4096 is not supported/);
  });

  it('keeps keys out of its output, and its CA and keys across a restart', async () => {
    assert.doesNotMatch(berth.output(), /PRIVATE KEY/);
    const root = readFileSync(join(berth.dataDir, 'ca', 'berth-root-ca.pem'), 'utf8');
    await berth.stop();
    berth = await startBerthProcess({ dataDir: berth.dataDir, args: ['--account-id', ACCOUNT] });
    sdk = client(berth.endpoint);
    assert.equal(readFileSync(join(berth.dataDir, 'ca', 'berth-root-ca.pem'), 'utf8'), root);
    assert.equal((await sdk.send(new acm.GetCertificateCommand({ CertificateArn: requested }))).CertificateChain, root);
  });
});
