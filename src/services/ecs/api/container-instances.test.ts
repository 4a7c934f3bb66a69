/** UpdateContainerInstancesState, DeregisterContainerInstance and DescribeContainerInstances of local and remote instances. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KIND } from '../domain/names.js';
import { TaskDoc } from '../domain/task-doc.js';
import { getHost } from '../domain/hosts.js';
import { FORCED_DEREGISTRATION_REASON } from '../domain/instance-lifecycle.js';
import { registerLocalInstances } from '../domain/local-host.js';
import { addRegisteredHost, hostDoc, instanceSetup } from './instance-test-support.js';

const MISSING_ID = 'ffffffffffffffffffffffffffffffff';

async function runTask(h: Awaited<ReturnType<typeof instanceSetup>>): Promise<string> {
  const out = await h.call('RunTask', { cluster: 'c', taskDefinition: 'sleep' });
  assert.deepEqual(out.failures, []);
  return out.tasks[0].taskArn;
}

function taskDoc(h: Awaited<ReturnType<typeof instanceSetup>>, arn: string): TaskDoc {
  return h.store.list<TaskDoc>(KIND.task).find((r) => r.doc.taskArn === arn)!.doc;
}

describe('UpdateContainerInstancesState', () => {
  it('sets DRAINING then ACTIVE, bumping version on each change only', async () => {
    const h = await instanceSetup();
    const before = (await h.call('DescribeContainerInstances', { cluster: 'c', containerInstances: [h.local] })).containerInstances[0];
    const drained = await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [h.localId], status: 'DRAINING' });
    assert.deepEqual(drained.failures, []);
    assert.equal(drained.containerInstances[0].status, 'DRAINING');
    assert.equal(drained.containerInstances[0].version, before.version + 1);
    const again = await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [h.local], status: 'DRAINING' });
    assert.equal(again.containerInstances[0].version, before.version + 1, 'no change, no new version');
    const active = await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [h.local], status: 'ACTIVE' });
    assert.equal(active.containerInstances[0].status, 'ACTIVE');
    assert.equal(active.containerInstances[0].version, before.version + 2);
    assert.deepEqual((await h.call('ListContainerInstances', { cluster: 'c', status: 'ACTIVE' })).containerInstanceArns, [h.local]);
  });

  it('reports unknown, other clusters\' and deregistered instances as failures', async () => {
    const h = await instanceSetup();
    await h.call('CreateCluster', { clusterName: 'other' });
    const other = (await h.call('ListContainerInstances', { cluster: 'other' })).containerInstanceArns[0];
    const remote = addRegisteredHost(h.store, hostDoc(1), 'c');
    await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: remote });
    const out = await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [MISSING_ID, other, remote, h.local], status: 'DRAINING' });
    assert.deepEqual(out.containerInstances.map((i) => i.containerInstanceArn), [h.local]);
    assert.deepEqual(out.failures, [
      { arn: `arn:aws:ecs:us-east-1:000000000000:container-instance/c/${MISSING_ID}`, reason: 'MISSING' },
      { arn: other, reason: 'MISSING' },
      { arn: remote, reason: 'INACTIVE' },
    ]);
  });

  const refused: [string, object, string, RegExp][] = [
    ['11 instances', { containerInstances: Array(11).fill(MISSING_ID), status: 'DRAINING' }, 'InvalidParameterException', /^instanceIds can have at most 10 items\.$/],
    ['no instances', { containerInstances: [], status: 'DRAINING' }, 'InvalidParameterException', /^Container instances cannot be empty\.$/],
    ['status REGISTERING', { containerInstances: [MISSING_ID], status: 'REGISTERING' }, 'InvalidParameterException', /only be updated to ACTIVE or DRAINING/],
    ['status INACTIVE', { containerInstances: [MISSING_ID], status: 'INACTIVE' }, 'InvalidParameterException', /only be updated to ACTIVE or DRAINING/],
    ['an unknown cluster', { cluster: 'nope', containerInstances: [MISSING_ID], status: 'DRAINING' }, 'ClusterNotFoundException', /^Cluster not found\.$/],
  ];
  for (const [what, input, code, message] of refused) {
    it(`refuses ${what}`, async () => {
      const h = await instanceSetup();
      await assert.rejects(h.call('UpdateContainerInstancesState', { cluster: 'c', ...input }), { code, message });
    });
  }

  it('a DRAINING-only cluster takes no new tasks; ACTIVE again takes them', async () => {
    const h = await instanceSetup();
    await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [h.local], status: 'DRAINING' });
    await assert.rejects(h.call('RunTask', { cluster: 'c', taskDefinition: 'sleep' }), { code: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
    await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [h.local], status: 'ACTIVE' });
    await runTask(h);
  });
});

describe('DeregisterContainerInstance', () => {
  it('refuses an instance with tasks that have not stopped, and leaves it ACTIVE', async () => {
    const h = await instanceSetup();
    await runTask(h);
    await assert.rejects(h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.local }),
      { code: 'InvalidParameterException', message: 'Found running tasks on the instance.' });
    assert.equal((await h.call('DescribeContainerInstances', { cluster: 'c', containerInstances: [h.local] })).containerInstances[0].status, 'ACTIVE');
  });

  it('with force stops the tasks as ECS reports a forced deregistration and returns the INACTIVE instance', async () => {
    const h = await instanceSetup();
    const task = await runTask(h);
    const { containerInstance } = await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.localId, force: true });
    assert.equal(containerInstance.status, 'INACTIVE');
    assert.equal(containerInstance.containerInstanceArn, h.local);
    assert.equal(containerInstance.runningTasksCount + containerInstance.pendingTasksCount, 0);
    assert.deepEqual(containerInstance.remainingResources, containerInstance.registeredResources);
    const stopped = taskDoc(h, task);
    assert.equal(stopped.desiredStatus, 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, FORCED_DEREGISTRATION_REASON);
    assert.ok(stopped.stoppingAt);
    assert.deepEqual((await h.call('ListContainerInstances', { cluster: 'c' })).containerInstanceArns, []);
    assert.deepEqual((await h.call('ListContainerInstances', { cluster: 'c', status: 'INACTIVE' })).containerInstanceArns, [h.local]);
  });

  it('does not count stopped tasks, and answers a second call with the INACTIVE instance unchanged', async () => {
    const h = await instanceSetup();
    const task = await runTask(h);
    h.store.transact((tx) => {
      const rec = tx.list<TaskDoc>(KIND.task).find((r) => r.doc.taskArn === task)!;
      tx.put(KIND.task, rec.id, { ...rec.doc, lastStatus: 'STOPPED', desiredStatus: 'STOPPED' });
    });
    const first = (await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.local })).containerInstance;
    const second = (await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.local })).containerInstance;
    assert.equal(first.status, 'INACTIVE');
    assert.equal(second.version, first.version);
  });

  for (const autoRegister of [true, false]) {
    it(`leaves the local engine ${autoRegister ? 'registered again' : 'unregistered'} at the next start with autoRegister ${autoRegister}`, async () => {
      const h = await instanceSetup();
      await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.local });
      registerLocalInstances(h.store, { autoRegister, cpus: 2, memoryMiB: 8192, hostname: 'h', dockerVersion: '20.10' }, h.clock.now());
      const listed = (await h.call('ListContainerInstances', { cluster: 'c' })).containerInstanceArns;
      assert.equal(listed.length, autoRegister ? 1 : 0);
      assert.ok(!listed.includes(h.local), 'a new registration, not the deregistered one');
    });
  }

  it('releases a remote host, so that it can be registered again', async () => {
    const h = await instanceSetup();
    const host = hostDoc(2);
    const arn = addRegisteredHost(h.store, host, 'c');
    assert.ok(getHost(h.store, host.hostId)?.registration);
    await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: arn });
    assert.equal(getHost(h.store, host.hostId)?.registration, undefined);
  });

  const refused: [string, object, string, RegExp][] = [
    ['an unknown instance', { containerInstance: MISSING_ID }, 'InvalidParameterException', /^The referenced container instance was not found\.$/],
    ['another account\'s ARN', { containerInstance: `arn:aws:ecs:us-east-1:111111111111:container-instance/c/${MISSING_ID}` }, 'InvalidParameterException', /was not found/],
    ['a task ARN', { containerInstance: 'arn:aws:ecs:us-east-1:000000000000:task/c/abc' }, 'InvalidParameterException', /^Invalid identifier/],
    ['an unknown cluster', { cluster: 'nope', containerInstance: MISSING_ID }, 'ClusterNotFoundException', /^Cluster not found\.$/],
  ];
  for (const [what, input, code, message] of refused) {
    it(`refuses ${what}`, async () => {
      const h = await instanceSetup();
      await assert.rejects(h.call('DeregisterContainerInstance', { cluster: 'c', ...input }), { code, message });
    });
  }
});

describe('DescribeContainerInstances of a remote host', () => {
  it('reports the host\'s agent, attributes and resources, and the tasks placed on it', async () => {
    const h = await instanceSetup();
    const arn = addRegisteredHost(h.store, hostDoc(3), 'c');
    await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [h.local], status: 'DRAINING' });
    await runTask(h);
    const inst = (await h.call('DescribeContainerInstances', { cluster: 'c', containerInstances: [arn], include: ['TAGS'] })).containerInstances[0];
    assert.equal(inst.agentConnected, true);
    assert.equal(inst.ec2InstanceId, hostDoc(3).ec2InstanceId);
    const attr = (name: string) => inst.attributes.find((a) => a.name === name)?.value;
    assert.equal(attr('ecs.availability-zone'), 'us-east-1b');
    assert.equal(attr('ecs.cpu-architecture'), 'arm64');
    assert.equal(attr('rack'), 'r3');
    const value = (list: typeof inst.registeredResources, name: string) => list.find((r) => r.name === name)?.integerValue;
    assert.equal(value(inst.registeredResources, 'CPU'), 4096);
    assert.equal(value(inst.remainingResources, 'MEMORY'), 4096 - 16);
    assert.equal(inst.pendingTasksCount, 1);
    assert.deepEqual(inst.tags, []);
  });

  it('refuses more than 100 instances with AWS\'s message', async () => {
    const h = await instanceSetup();
    await assert.rejects(h.call('DescribeContainerInstances', { cluster: 'c', containerInstances: Array(101).fill(MISSING_ID) }),
      { code: 'InvalidParameterException', message: 'instanceIds can have at most 100 items.' });
  });
});

describe('the wire ContainerInstance', () => {
  it('returns an empty attachments list, as AWS does for an instance without trunk ENIs', async () => {
    const h = await instanceSetup();
    const described = (await h.call('DescribeContainerInstances', { cluster: 'c', containerInstances: [h.local] })).containerInstances[0];
    const drained = (await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [h.local], status: 'DRAINING' })).containerInstances[0];
    const deregistered = (await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.local })).containerInstance;
    assert.deepEqual([described.attachments, drained.attachments, deregistered.attachments], [[], [], []]);
  });
});

describe('ListContainerInstances with a cluster query language filter', () => {
  it('lists the instances the expression matches, and refuses one that does not parse', async () => {
    const h = await instanceSetup();
    const remote = addRegisteredHost(h.store, hostDoc(1), 'c');
    const list = async (filter: string) => (await h.call('ListContainerInstances', { cluster: 'c', filter })).containerInstanceArns.sort();
    const cases: [string, string[]][] = [
      ['attribute:ecs.os-type == linux', [h.local, remote].sort()],
      ['attribute:ecs.cpu-architecture == arm64', [remote]],
      ['attribute:rack exists', [remote]],
      ['attribute:ecs.availability-zone in [us-east-1a]', [h.local]],
      ['not(attribute:rack exists) and agentConnected == true', [h.local]],
      ['ec2InstanceId == i-00000000000000001', [remote]],
    ];
    for (const [filter, want] of cases) assert.deepEqual(await list(filter), want, filter);
    await assert.rejects(h.call('ListContainerInstances', { cluster: 'c', filter: 'attribute:rack ==' }), { code: 'InvalidParameterException' });
  });
});
