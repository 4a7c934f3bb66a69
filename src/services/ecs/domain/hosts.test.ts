import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsvpcCidrProblem, hostAttributes, nextAwsvpcCidr } from './hosts.js';

test('each new host gets the first /24 of 10.214.0.0/16 no other host holds', () => {
  assert.equal(nextAwsvpcCidr([]), '10.214.0.0/24');
  assert.equal(nextAwsvpcCidr([{ awsvpcCidr: '10.214.0.0/24' }, {}, { awsvpcCidr: '10.214.2.0/24' }]), '10.214.1.0/24');
  assert.equal(nextAwsvpcCidr([{ awsvpcCidr: '10.214.0.0/22' }]), '10.214.4.0/24');
  assert.equal(nextAwsvpcCidr([{ awsvpcCidr: '10.214.0.0/16' }]), undefined);
});

test('an operator\'s --awsvpc-cidr is a private /16../28 network clear of the local engine\'s and other hosts\' blocks', () => {
  const hosts = [{ hostId: 'h-1', awsvpcCidr: '10.214.0.0/24' }];
  const cases: [string, RegExp | undefined][] = [
    ['192.168.50.0/24', undefined],
    ['10.214.1.0/28', undefined],
    ['10.214.0.128/25', /overlaps host h-1/],
    ['10.213.8.0/24', /overlaps the local engine/],
    ['8.8.8.0/24', /not a private/],
    ['10.0.0.0/8', /not an IPv4 network from \/16 to \/28/],
    ['10.214.5.0/29', /not an IPv4 network/],
    ['10.214.5.1/24', /not an IPv4 network/],
  ];
  for (const [cidr, problem] of cases) {
    const got = awsvpcCidrProblem(cidr, hosts);
    if (problem) assert.match(got ?? '', problem, cidr);
    else assert.equal(got, undefined, cidr);
  }
});

test('a host with an awsvpc network has the task-eni capability, one without does not', () => {
  const host = { zone: 'a', instanceType: 't3.small', architecture: 'x86_64', attributes: [{ name: 'role', value: 'web' }], ec2InstanceId: 'i-1' };
  const names = (h: object) => hostAttributes({ ...host, ...h }, 'us-east-1').map((a) => a.name);
  assert.ok(names({ awsvpcCidr: '10.214.0.0/24' }).includes('ecs.capability.task-eni'));
  assert.ok(!names({}).includes('ecs.capability.task-eni'));
  assert.ok(names({}).includes('role'));
});
