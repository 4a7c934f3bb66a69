/**
 * The ELBv2 operations the Terraform AWS provider calls beyond the basics answer as AWS
 * does: capacity reservations, listener attributes and certificates, SetSubnets,
 * SetIpAddressType, SetSecurityGroups, idempotent CreateListener and the SSL policies.
 * Handlers over the memory store.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../protocol/errors.js';
import { elbv2Api } from './api-harness.js';

const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

async function setup() {
  const { call, clock } = elbv2Api();
  const tg = (await call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0' })).TargetGroups[0].TargetGroupArn;
  const lb = (await call('CreateLoadBalancer', { Name: 'web', Subnets: SUBNETS })).LoadBalancers[0].LoadBalancerArn;
  const forward = [{ Type: 'forward', TargetGroupArn: tg }];
  const listener = (await call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTP', Port: 8000, DefaultActions: forward })).Listeners[0].ListenerArn;
  return { call, clock, tg, lb, listener, forward };
}

async function rejects(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('ELBv2 capacity reservations', () => {
  it('a load balancer without a reservation has two decreases left and no state', async () => {
    const { call, lb } = await setup();
    assert.deepEqual(await call('DescribeCapacityReservation', { LoadBalancerArn: lb }), { DecreaseRequestsRemaining: 2, CapacityReservationState: [] });
  });

  it('a reservation is provisioned at once, spread evenly over the zones', async () => {
    const { call, lb } = await setup();
    await call('ModifyCapacityReservation', { LoadBalancerArn: lb, MinimumLoadBalancerCapacity: { CapacityUnits: 100 }, ResetCapacityReservation: false });
    const out = await call('DescribeCapacityReservation', { LoadBalancerArn: lb });
    assert.deepEqual(out.MinimumLoadBalancerCapacity, { CapacityUnits: 100 });
    assert.equal(out.LastModifiedTime, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(out.CapacityReservationState, [
      { AvailabilityZone: 'us-east-1a', EffectiveCapacityUnits: 50, State: { Code: 'provisioned' } },
      { AvailabilityZone: 'us-east-1b', EffectiveCapacityUnits: 50, State: { Code: 'provisioned' } },
    ]);
  });

  it('allows two decreases (a reset is one) a day, increases without limit', async () => {
    const { call, clock, lb } = await setup();
    const modify = (units?: number) => call('ModifyCapacityReservation', units === undefined
      ? { LoadBalancerArn: lb, ResetCapacityReservation: true }
      : { LoadBalancerArn: lb, MinimumLoadBalancerCapacity: { CapacityUnits: units } });
    await modify(300);
    await modify(200);
    assert.equal((await modify(400)).DecreaseRequestsRemaining, 1);
    assert.deepEqual(await modify(), { DecreaseRequestsRemaining: 0, CapacityReservationState: [] });
    await modify(100);
    await rejects(modify(50), 'CapacityDecreaseRequestLimitExceeded');
    clock.advance(24 * 3600 * 1000);
    assert.equal((await modify(50)).DecreaseRequestsRemaining, 1);
  });

  it('refuses requests AWS refuses', async () => {
    const { call, lb } = await setup();
    await rejects(call('ModifyCapacityReservation', { LoadBalancerArn: lb }), 'ValidationError');
    await rejects(call('ModifyCapacityReservation', { LoadBalancerArn: lb, ResetCapacityReservation: true, MinimumLoadBalancerCapacity: { CapacityUnits: 1 } }), 'ValidationError');
    await rejects(call('ModifyCapacityReservation', { LoadBalancerArn: lb, MinimumLoadBalancerCapacity: { CapacityUnits: 0 } }), 'ValidationError');
    await rejects(call('ModifyCapacityReservation', { LoadBalancerArn: lb, MinimumLoadBalancerCapacity: { CapacityUnits: 15_001 } }), 'CapacityUnitsLimitExceeded');
    await rejects(call('DescribeCapacityReservation', { LoadBalancerArn: `${lb}0` }), 'LoadBalancerNotFound');
  });
});

describe('ELBv2 listener attributes', () => {
  const attrs = (out: { Attributes: { Key: string; Value: string }[] }) => Object.fromEntries(out.Attributes.map((a) => [a.Key, a.Value]));

  it('an HTTP listener has the server header on and no response headers; a TCP listener a 350 s idle timeout', async () => {
    const { call, listener } = await setup();
    const http = attrs(await call('DescribeListenerAttributes', { ListenerArn: listener }));
    assert.equal(http['routing.http.response.server.enabled'], 'true');
    assert.equal(http['routing.http.response.strict_transport_security.header_value'], '');
    assert.equal(http['tcp.idle_timeout.seconds'], undefined);
    assert.equal(http['routing.http.request.x_amzn_tls_version.header_name'], undefined, 'TLS header names are HTTPS-only');
    const nlb = (await call('CreateLoadBalancer', { Name: 'net', Type: 'network', Subnets: SUBNETS })).LoadBalancers[0].LoadBalancerArn;
    const tcpTg = (await call('CreateTargetGroup', { Name: 'tcp', Protocol: 'TCP', Port: 8080, VpcId: 'vpc-0123456789abcdef0' })).TargetGroups[0].TargetGroupArn;
    const tcp = (await call('CreateListener', { LoadBalancerArn: nlb, Protocol: 'TCP', Port: 8001, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcpTg }] })).Listeners[0].ListenerArn;
    assert.deepEqual(attrs(await call('DescribeListenerAttributes', { ListenerArn: tcp })), { 'tcp.idle_timeout.seconds': '350' });
    await call('ModifyListenerAttributes', { ListenerArn: tcp, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '6000' }] });
    await rejects(call('ModifyListenerAttributes', { ListenerArn: tcp, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '59' }] }), 'ValidationError');
    await rejects(call('ModifyListenerAttributes', { ListenerArn: tcp, Attributes: [{ Key: 'routing.http.response.server.enabled', Value: 'false' }] }), 'InvalidConfigurationRequest');
  });

  it('accepts the values AWS accepts and keeps them', async () => {
    const { call, listener } = await setup();
    const set = { 'routing.http.response.server.enabled': 'false', 'routing.http.response.strict_transport_security.header_value': 'max-age=31536000; includeSubDomains; preload',
      'routing.http.response.access_control_allow_origin.header_value': 'https://example.com', 'routing.http.response.access_control_allow_methods.header_value': 'GET,POST, OPTIONS',
      'routing.http.response.access_control_allow_headers.header_value': '*', 'routing.http.response.access_control_max_age.header_value': '86400',
      'routing.http.response.x_frame_options.header_value': 'ALLOW-FROM https://example.com', 'routing.http.response.x_content_type_options.header_value': 'nosniff',
      'routing.http.response.content_security_policy.header_value': "default-src 'self'" };
    const out = attrs(await call('ModifyListenerAttributes', { ListenerArn: listener, Attributes: Object.entries(set).map(([Key, Value]) => ({ Key, Value })) }));
    for (const [k, v] of Object.entries(set)) assert.equal(out[k], v);
    assert.deepEqual(attrs(await call('DescribeListenerAttributes', { ListenerArn: listener })), out);
  });

  it('refuses unknown keys, keys of another protocol and values out of format', async () => {
    const { call, listener } = await setup();
    const modify = (Key: string, Value: string) => call('ModifyListenerAttributes', { ListenerArn: listener, Attributes: [{ Key, Value }] });
    await rejects(modify('routing.http.response.nope', 'x'), 'ValidationError', /is not recognized/);
    await rejects(modify('tcp.idle_timeout.seconds', '100'), 'InvalidConfigurationRequest', /protocol 'HTTP'/);
    await rejects(modify('routing.http.request.x_amzn_tls_version.header_name', 'X-Tls'), 'InvalidConfigurationRequest');
    for (const [key, value] of [
      ['routing.http.response.server.enabled', 'yes'],
      ['routing.http.response.strict_transport_security.header_value', 'max-age=abc'],
      ['routing.http.response.access_control_allow_methods.header_value', 'GET,FETCH'],
      ['routing.http.response.access_control_allow_credentials.header_value', 'false'],
      ['routing.http.response.access_control_max_age.header_value', '86401'],
      ['routing.http.response.x_frame_options.header_value', 'ALLOWALL'],
      ['routing.http.response.x_content_type_options.header_value', 'sniff'],
      ['routing.http.response.content_security_policy.header_value', "default-src 'self'\nSet-Cookie: a=b"],
    ]) await rejects(modify(key, value), 'ValidationError');
    await rejects(call('DescribeListenerAttributes', { ListenerArn: `${listener}0` }), 'ListenerNotFound');
  });
});

describe('ELBv2 listeners and certificates', () => {
  it('CreateListener with identical settings returns the existing listener; different settings are a DuplicateListener', async () => {
    const { call, lb, listener, forward } = await setup();
    const again = await call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTP', Port: 8000, DefaultActions: forward });
    assert.equal(again.Listeners[0].ListenerArn, listener);
    await rejects(call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTP', Port: 8000, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }), 'DuplicateListener');
  });

  it('an HTTP listener lists no certificates and takes none', async () => {
    const { call, lb, listener, forward } = await setup();
    assert.deepEqual(await call('DescribeListenerCertificates', { ListenerArn: listener }), { Certificates: [], NextMarker: undefined });
    const cert = [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/0123' }];
    await rejects(call('AddListenerCertificates', { ListenerArn: listener, Certificates: cert }), 'ValidationError', /A certificate cannot be specified for HTTP listeners/);
    await rejects(call('RemoveListenerCertificates', { ListenerArn: listener, Certificates: cert }), 'ValidationError');
    await rejects(call('CreateListener', { LoadBalancerArn: lb, Protocol: 'HTTP', Port: 8001, DefaultActions: forward, Certificates: cert }), 'ValidationError', /certificate/);
    await rejects(call('AddListenerCertificates', { ListenerArn: `${listener}0`, Certificates: cert }), 'ListenerNotFound');
  });
});

describe('ELBv2 load balancer network settings', () => {
  it('SetSubnets replaces the zones; an ALB keeps needing two', async () => {
    const { call, lb } = await setup();
    const three = [...SUBNETS, 'subnet-0123456789abcdef2'];
    const out = await call('SetSubnets', { LoadBalancerArn: lb, Subnets: three });
    assert.deepEqual(out.AvailabilityZones.map((z) => z.SubnetId), three);
    assert.equal(out.IpAddressType, 'ipv4');
    const described = (await call('DescribeLoadBalancers', { LoadBalancerArns: [lb] })).LoadBalancers[0];
    assert.deepEqual(described.AvailabilityZones, out.AvailabilityZones);
    await rejects(call('SetSubnets', { LoadBalancerArn: lb, Subnets: [SUBNETS[0]] }), 'ValidationError');
    await rejects(call('SetSubnets', { LoadBalancerArn: lb, Subnets: ['subnet-x', SUBNETS[0]] }), 'InvalidSubnet');
  });

  it('SetIpAddressType: dualstack-without-public-ipv4 only for internet-facing ALBs', async () => {
    const { call, lb } = await setup();
    assert.deepEqual(await call('SetIpAddressType', { LoadBalancerArn: lb, IpAddressType: 'dualstack' }), { IpAddressType: 'dualstack' });
    assert.deepEqual(await call('SetIpAddressType', { LoadBalancerArn: lb, IpAddressType: 'dualstack-without-public-ipv4' }), { IpAddressType: 'dualstack-without-public-ipv4' });
    const nlb = (await call('CreateLoadBalancer', { Name: 'net', Type: 'network', Subnets: SUBNETS })).LoadBalancers[0].LoadBalancerArn;
    await rejects(call('SetIpAddressType', { LoadBalancerArn: nlb, IpAddressType: 'dualstack-without-public-ipv4' }), 'InvalidConfigurationRequest');
    const internal = (await call('CreateLoadBalancer', { Name: 'inner', Scheme: 'internal', Subnets: SUBNETS })).LoadBalancers[0].LoadBalancerArn;
    await rejects(call('SetIpAddressType', { LoadBalancerArn: internal, IpAddressType: 'dualstack-without-public-ipv4' }), 'InvalidConfigurationRequest');
  });

  it('SetSecurityGroups: an NLB created without security groups takes none', async () => {
    const { call, lb } = await setup();
    assert.deepEqual((await call('SetSecurityGroups', { LoadBalancerArn: lb, SecurityGroups: ['sg-0123456789abcdef1'] })).SecurityGroupIds, ['sg-0123456789abcdef1']);
    const nlb = (await call('CreateLoadBalancer', { Name: 'net', Type: 'network', Subnets: SUBNETS })).LoadBalancers[0].LoadBalancerArn;
    await rejects(call('SetSecurityGroups', { LoadBalancerArn: nlb, SecurityGroups: ['sg-0123456789abcdef1'] }), 'InvalidConfigurationRequest');
    const guarded = (await call('CreateLoadBalancer', { Name: 'guarded', Type: 'network', Subnets: SUBNETS, SecurityGroups: ['sg-0123456789abcdef1'] })).LoadBalancers[0];
    assert.equal(guarded.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, 'on');
    const out = await call('SetSecurityGroups', { LoadBalancerArn: guarded.LoadBalancerArn, SecurityGroups: ['sg-0123456789abcdef2'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' });
    assert.deepEqual(out, { SecurityGroupIds: ['sg-0123456789abcdef2'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' });
  });

  it('an NLB lists the addresses of its subnet mappings; an Elastic IP shows the bind address', async () => {
    const { call } = elbv2Api({ lbBindIp: '127.0.0.1' });
    const eip = { SubnetId: SUBNETS[0], AllocationId: 'eipalloc-64d5890a' };
    const nlb = (await call('CreateLoadBalancer', { Name: 'net', Type: 'network', SubnetMappings: [eip, { SubnetId: SUBNETS[1] }] })).LoadBalancers[0];
    assert.deepEqual(nlb.AvailabilityZones.map((z) => z.LoadBalancerAddresses), [[{ IpAddress: '127.0.0.1', AllocationId: 'eipalloc-64d5890a' }], []]);
    assert.deepEqual((await call('DescribeLoadBalancers', { LoadBalancerArns: [nlb.LoadBalancerArn] })).LoadBalancers[0].AvailabilityZones, nlb.AvailabilityZones);
    const inner = { SubnetId: SUBNETS[0], PrivateIPv4Address: '10.0.0.10' };
    const internal = (await call('CreateLoadBalancer', { Name: 'inner', Type: 'network', Scheme: 'internal', SubnetMappings: [inner] })).LoadBalancers[0];
    assert.deepEqual(internal.AvailabilityZones[0].LoadBalancerAddresses, [{ PrivateIPv4Address: '10.0.0.10' }]);
    await rejects(call('CreateLoadBalancer', { Name: 'bad', Type: 'network', Scheme: 'internal', SubnetMappings: [eip] }), 'InvalidConfigurationRequest');
    await rejects(call('CreateLoadBalancer', { Name: 'bad', Type: 'network', SubnetMappings: [{ ...eip, AllocationId: 'eip-1' }] }), 'AllocationIdNotFound');
    await rejects(call('CreateLoadBalancer', { Name: 'bad', SubnetMappings: [eip, { SubnetId: SUBNETS[1] }] }), 'InvalidConfigurationRequest');
    const alb = (await call('CreateLoadBalancer', { Name: 'web', Subnets: SUBNETS })).LoadBalancers[0];
    assert.equal(alb.AvailabilityZones[0].LoadBalancerAddresses, undefined);
  });
});

describe('ELBv2 SSL policies', () => {
  it('lists AWS\'s policies with their protocols and ciphers', async () => {
    const { call } = await setup();
    const all = (await call('DescribeSSLPolicies', {})).SslPolicies;
    for (const name of ['ELBSecurityPolicy-2015-05', 'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', 'ELBSecurityPolicy-TLS13-1-1-2021-06', 'ELBSecurityPolicy-TLS13-1-0-2021-06']) {
      assert.ok(all.some((p) => p.Name === name), name);
    }
    const [tls10] = (await call('DescribeSSLPolicies', { Names: ['ELBSecurityPolicy-TLS13-1-0-2021-06'] })).SslPolicies;
    assert.deepEqual(tls10.SslProtocols, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.equal(tls10.Ciphers.length, 21);
    assert.deepEqual(tls10.Ciphers[3], { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 4 });
    const [legacy] = (await call('DescribeSSLPolicies', { Names: ['ELBSecurityPolicy-2016-08'] })).SslPolicies;
    assert.equal(legacy.Ciphers.length, 18);
    await rejects(call('DescribeSSLPolicies', { Names: ['ELBSecurityPolicy-nope'] }), 'SSLPolicyNotFound');
  });

  it('pages through every policy in name order', async () => {
    const { call } = await setup();
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const out = await call('DescribeSSLPolicies', { PageSize: 5, Marker });
      seen.push(...out.SslPolicies.map((p) => p.Name));
      Marker = out.NextMarker;
    } while (Marker);
    assert.equal(seen.length, (await call('DescribeSSLPolicies', {})).SslPolicies.length);
    assert.deepEqual(seen, [...seen].sort());
  });
});
