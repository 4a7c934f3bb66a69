/**
 * HTTPS listeners end to end: certificates requested from ACM, a load balancer terminating TLS
 * in Berth's HAProxy for loopback targets, reached with curl trusting the data dir's root CA.
 * SNI picks the right one of two certificates (curl checks the name), HTTP redirects to HTTPS,
 * ACM shows the load balancer using its certificates and refuses to delete them, and the key
 * files the data plane writes are private.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as acm from '@aws-sdk/client-acm';
import {
  AddListenerCertificatesCommand, CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { elbv2, freePort, startTarget, TestTarget } from '../support/elbv2-helpers.js';

const run = promisify(execFile);
const INSTANCE = 'i-0123456789abcdef0';
const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

describe('ELBv2 HTTPS listeners with ACM certificates', () => {
  let berth: RunningBerth;
  let elb: ElasticLoadBalancingV2Client;
  let certs: acm.ACMClient;
  let a: TestTarget, b: TestTarget;
  let httpsPort: number, httpPort: number;
  let lbArn: string, listenerArn: string, certA: string, certB: string;

  /** curl trusting only Berth's root CA, the name resolved to loopback: it fails unless the served certificate is valid for `name`. */
  const curl = async (name: string, port: number, path = '/', scheme = 'https') => {
    const caFile = join(berth.dataDir, 'ca', 'berth-root-ca.pem');
    const { stdout } = await run('curl', ['-sS', '--max-time', '5', '--cacert', caFile, '--resolve', `${name}:${port}:127.0.0.1`, '-o', '-', '-w', '\n%{http_code} %{redirect_url}', `${scheme}://${name}:${port}${path}`]);
    const lines = stdout.split('\n');
    const [code, location] = lines.pop()!.split(' ');
    return { body: lines.join('\n'), code: Number(code), location };
  };
  const targetGroup = async (name: string, target: TestTarget) => {
    const arn = (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: VPC, HealthCheckPath: '/health', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2 }))).TargetGroups![0].TargetGroupArn!;
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: INSTANCE, Port: target.port }] }));
    return arn;
  };

  before(async () => {
    berth = await startBerthProcess();
    elb = elbv2(berth);
    certs = new acm.ACMClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    [a, b] = await Promise.all([startTarget('a'), startTarget('b')]);
    [httpsPort, httpPort] = [await freePort(), await freePort()];
  });
  after(async () => {
    await berth?.destroy();
    await Promise.all([a, b].map((t) => t?.close()));
  });

  it('serves a target over HTTPS with the default certificate', async () => {
    certA = (await certs.send(new acm.RequestCertificateCommand({ DomainName: 'a.example.test', ValidationMethod: 'DNS' }))).CertificateArn!;
    certB = (await certs.send(new acm.RequestCertificateCommand({ DomainName: 'b.example.test', KeyAlgorithm: 'EC_prime256v1', ValidationMethod: 'DNS' }))).CertificateArn!;
    lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'secure', Subnets: SUBNETS }))).LoadBalancers![0].LoadBalancerArn!;
    const tgA = await targetGroup('tls-a', a);
    const [listener] = (await elb.send(new CreateListenerCommand({
      LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: httpsPort, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: certA }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tgA }],
    }))).Listeners!;
    listenerArn = listener.ListenerArn!;
    assert.deepEqual([listener.Protocol, listener.SslPolicy, listener.Certificates], ['HTTPS', 'ELBSecurityPolicy-TLS13-1-2-2021-06', [{ CertificateArn: certA }]]);
    await eventually(async () => (await curl('a.example.test', httpsPort)).body === 'a', 'a.example.test over HTTPS', 15_000, 250);
    assert.equal(a.lastHeaders?.['x-forwarded-proto'], 'https');
    assert.equal(a.lastHeaders?.['x-forwarded-port'], String(httpsPort));
  });

  it('SNI picks the certificate of the name asked for; host rules route it', async () => {
    const tgB = await targetGroup('tls-b', b);
    await elb.send(new AddListenerCertificatesCommand({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: certB }] }));
    await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 10, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['b.example.test'] } }], Actions: [{ Type: 'forward', TargetGroupArn: tgB }] }));
    // curl verifies the served certificate against the name: the wrong one of the two fails the request.
    await eventually(async () => (await curl('b.example.test', httpsPort)).body === 'b', 'b.example.test over HTTPS with its own certificate', 15_000, 250);
    assert.equal((await curl('a.example.test', httpsPort)).body, 'a');
    const unknown = await curl('c.example.test', httpsPort).catch((e: { stderr: string }) => e.stderr);
    assert.match(String(unknown), /certificate|SSL/i, 'a name neither certificate covers gets the default one, which curl refuses');
  });

  it('redirects HTTP to HTTPS', async () => {
    await elb.send(new CreateListenerCommand({
      LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: httpPort,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: String(httpsPort), StatusCode: 'HTTP_301' } }],
    }));
    const moved = await eventually(async () => {
      const r = await curl('a.example.test', httpPort, '/page?x=1', 'http');
      return r.code === 301 ? r : undefined;
    }, 'the redirect', 15_000, 250);
    assert.equal(moved.location, `https://a.example.test:${httpsPort}/page?x=1`);
  });

  it('ACM shows the certificates in use and will not delete them; the key files are private', async () => {
    for (const arn of [certA, certB]) {
      const cert = (await certs.send(new acm.DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!;
      assert.deepEqual([cert.InUseBy, cert.RenewalEligibility], [[lbArn], 'ELIGIBLE']);
    }
    await assert.rejects(certs.send(new acm.DeleteCertificateCommand({ CertificateArn: certA })), (e: Error) => e.name === 'ResourceInUseException');
    const dir = join(berth.dataDir, 'haproxy', 'certs');
    const files = readdirSync(dir);
    assert.equal(files.filter((f) => f.endsWith('.pem')).length, 2);
    for (const f of files) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.doesNotMatch(berth.output(), /PRIVATE KEY/);
  });
});
