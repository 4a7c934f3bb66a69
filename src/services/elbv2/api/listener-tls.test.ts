/**
 * HTTPS listeners over the memory store with a stand-in for ACM's certificate store: the
 * default certificate and policy, AWS's errors, SNI certificates, and the uses ACM is told of.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../protocol/errors.js';
import { CertificateStore } from '../../acm/domain/ports.js';
import { elbv2Api } from './api-harness.js';

const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const cert = (n: number) => `arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-00000000000${n}`;
const EXPIRED = cert(9);

/** Certificates 1–5 are issued, 9 has expired; `uses` is what the port was last told per load balancer. */
function fakeCertificates() {
  const uses = new Map<string, string[]>();
  const store: CertificateStore = {
    describe: (_scope, arn) => (/[1-59]$/.test(arn) ? { arn, status: arn === EXPIRED ? 'EXPIRED' : 'ISSUED', keyAlgorithm: 'RSA_2048', domainNames: ['example.com'] } : undefined),
    bundle: () => undefined,
    setUsage: (user, arns) => void uses.set(user, [...arns].sort()),
  };
  return { store, uses };
}

async function setup(certificates?: CertificateStore) {
  const { call } = elbv2Api({ certificates });
  const tg = (await call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0' })).TargetGroups[0].TargetGroupArn;
  const lb = (await call('CreateLoadBalancer', { Name: 'web', Subnets: SUBNETS })).LoadBalancers[0].LoadBalancerArn;
  const forward = [{ Type: 'forward', TargetGroupArn: tg }];
  const https = (over: object = {}) => call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTPS', Port: 8443, DefaultActions: forward, Certificates: [{ CertificateArn: cert(1) }], ...over });
  return { call, lb, forward, https };
}

async function rejects(p: Promise<unknown>, code: string, message?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.equal(e.message, message);
    return true;
  });
}

describe('ELBv2 HTTPS listeners', () => {
  it('without ACM, HTTPS listeners are refused as before', async () => {
    const { https } = await setup();
    await rejects(https(), 'UnsupportedProtocol', 'Berth does not support HTTPS listeners without its ACM module');
  });

  it('takes the default certificate and AWS\'s default policy, and tells ACM the load balancer uses it', async () => {
    const { store, uses } = fakeCertificates();
    const { https, lb } = await setup(store);
    const [listener] = (await https()).Listeners;
    assert.deepEqual([listener.Protocol, listener.Certificates, listener.SslPolicy], ['HTTPS', [{ CertificateArn: cert(1) }], 'ELBSecurityPolicy-2016-08']);
    assert.deepEqual(uses.get(lb), [cert(1)]);
    assert.equal((await https()).Listeners[0].ListenerArn, listener.ListenerArn, 'CreateListener is idempotent');
  });

  it('refuses what AWS refuses', async () => {
    const { store } = fakeCertificates();
    const { https } = await setup(store);
    await rejects(https({ Certificates: undefined }), 'ValidationError', 'A certificate must be specified for HTTPS listeners');
    await rejects(https({ Certificates: [{ CertificateArn: cert(7) }] }), 'CertificateNotFound', `Certificate '${cert(7)}' not found`);
    await rejects(https({ Certificates: [{ CertificateArn: EXPIRED }] }), 'CertificateNotFound');
    await rejects(https({ Certificates: [{ CertificateArn: cert(1) }, { CertificateArn: cert(2) }] }), 'ValidationError');
    await rejects(https({ SslPolicy: 'ELBSecurityPolicy-Nope' }), 'SSLPolicyNotFound', "SSL policy 'ELBSecurityPolicy-Nope' not found");
  });

  it('adds SNI certificates, lists them with the default, and never removes the default', async () => {
    const { store, uses } = fakeCertificates();
    const { call, https, lb } = await setup(store);
    const arn = (await https({ SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' })).Listeners[0].ListenerArn;
    await call('AddListenerCertificates', { ListenerArn: arn, Certificates: [{ CertificateArn: cert(2) }, { CertificateArn: cert(3) }] });
    const listed = (await call('DescribeListenerCertificates', { ListenerArn: arn })).Certificates;
    assert.deepEqual(listed.map((c) => [c.CertificateArn, c.IsDefault]), [[cert(1), true], [cert(2), false], [cert(3), false]]);
    assert.deepEqual(uses.get(lb), [cert(1), cert(2), cert(3)]);
    await rejects(call('AddListenerCertificates', { ListenerArn: arn, Certificates: [{ CertificateArn: cert(8) }] }), 'CertificateNotFound');
    await rejects(call('RemoveListenerCertificates', { ListenerArn: arn, Certificates: [{ CertificateArn: cert(1) }] }), 'OperationNotPermitted');
    await call('RemoveListenerCertificates', { ListenerArn: arn, Certificates: [{ CertificateArn: cert(2) }] });
    assert.deepEqual(uses.get(lb), [cert(1), cert(3)]);
  });

  it('ModifyListener changes the default certificate and policy; back to HTTP drops them; deleting frees the certificates', async () => {
    const { store, uses } = fakeCertificates();
    const { call, https, lb, forward } = await setup(store);
    const arn = (await https()).Listeners[0].ListenerArn;
    const changed = (await call('ModifyListener', { ListenerArn: arn, Certificates: [{ CertificateArn: cert(4) }], SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' })).Listeners[0];
    assert.deepEqual([changed.Certificates, changed.SslPolicy], [[{ CertificateArn: cert(4) }], 'ELBSecurityPolicy-TLS13-1-3-2021-06']);
    assert.deepEqual(uses.get(lb), [cert(4)]);
    const plain = (await call('ModifyListener', { ListenerArn: arn, Protocol: 'HTTP', DefaultActions: forward })).Listeners[0];
    assert.deepEqual([plain.Protocol, plain.Certificates, plain.SslPolicy], ['HTTP', undefined, undefined]);
    assert.deepEqual(uses.get(lb), []);
    await rejects(call('ModifyListener', { ListenerArn: arn, Protocol: 'HTTPS' }), 'ValidationError', 'A certificate must be specified for HTTPS listeners');
    await call('ModifyListener', { ListenerArn: arn, Protocol: 'HTTPS', Certificates: [{ CertificateArn: cert(5) }] });
    await call('DeleteLoadBalancer', { LoadBalancerArn: lb });
    assert.deepEqual(uses.get(lb), []);
  });
});
