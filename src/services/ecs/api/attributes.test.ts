/** PutAttributes, DeleteAttributes and ListAttributes on container instances. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addRegisteredHost, hostDoc, instanceSetup } from './instance-test-support.js';

const MISSING_ID = 'ffffffffffffffffffffffffffffffff';

async function customOf(h: Awaited<ReturnType<typeof instanceSetup>>, arn: string) {
  const inst = (await h.call('DescribeContainerInstances', { cluster: 'c', containerInstances: [arn] })).containerInstances[0];
  return inst.attributes.filter((a) => !a.name.startsWith('ecs.') && !a.name.startsWith('com.amazonaws.ecs.'));
}

describe('PutAttributes', () => {
  it('sets attributes by ARN or by id with targetType, replaces values, and answers them as given', async () => {
    const h = await instanceSetup();
    const given = [
      { name: 'stack', value: 'production', targetId: h.local },
      { name: 'flag', targetId: h.localId, targetType: 'container-instance' },
    ];
    assert.deepEqual((await h.call('PutAttributes', { cluster: 'c', attributes: given })).attributes, given);
    await h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'stack', value: 'staging', targetId: h.local }] });
    assert.deepEqual(await customOf(h, h.local), [{ name: 'stack', value: 'staging' }, { name: 'flag' }]);
  });

  it('counts the operator\'s attributes of a host against the limit of 10 custom attributes', async () => {
    const h = await instanceSetup();
    const remote = addRegisteredHost(h.store, hostDoc(1), 'c');
    const nine = Array.from({ length: 9 }, (_, i) => ({ name: `a${i}`, targetId: remote }));
    await h.call('PutAttributes', { cluster: 'c', attributes: nine });
    await assert.rejects(h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'tenth', targetId: remote }] }),
      { code: 'AttributeLimitExceededException', message: /at most 10 custom attributes/ });
    assert.equal((await customOf(h, remote)).length, 10, 'rack and nine');
  });

  it('changes nothing when one attribute of the call is refused', async () => {
    const h = await instanceSetup();
    await assert.rejects(h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'ok', targetId: h.local }, { name: 'x', targetId: MISSING_ID, targetType: 'container-instance' }] }),
      { code: 'TargetNotFoundException' });
    assert.deepEqual(await customOf(h, h.local), []);
  });

  const refused: [string, object[], string, RegExp][] = [
    ['an unknown instance', [{ name: 'a', targetId: MISSING_ID, targetType: 'container-instance' }], 'TargetNotFoundException', new RegExp(`^Could not find ${MISSING_ID}\\.$`)],
    ['an instance of another cluster', [{ name: 'a', targetId: `arn:aws:ecs:us-east-1:000000000000:container-instance/other/${MISSING_ID}` }], 'TargetNotFoundException', /^Could not find/],
    ['an id without targetType', [{ name: 'a', targetId: MISSING_ID }], 'InvalidParameterException', /targetType is required/],
    ['no targetId', [{ name: 'a' }], 'InvalidParameterException', /targetId is required/],
    ['a reserved name', [{ name: 'ecs.instance-type', value: 't3.large', targetId: 'LOCAL' }], 'InvalidParameterException', /is reserved/],
    ['a bad name', [{ name: 'a b', targetId: 'LOCAL' }], 'InvalidParameterException', /name "a b" is not valid/],
    ['a value with a trailing space', [{ name: 'a', value: 'v ', targetId: 'LOCAL' }], 'InvalidParameterException', /value is not valid/],
    ['11 attributes', Array.from({ length: 11 }, (_, i) => ({ name: `a${i}`, targetId: 'LOCAL' })), 'InvalidParameterException', /^attributes can have at most 10 items\.$/],
    ['no attributes', [], 'InvalidParameterException', /^Attributes cannot be empty\.$/],
  ];
  for (const [what, attributes, code, message] of refused) {
    it(`refuses ${what}`, async () => {
      const h = await instanceSetup();
      const withLocal = attributes.map((a) => ({ ...a, ...('targetId' in a && a.targetId === 'LOCAL' ? { targetId: h.local } : {}) }));
      await assert.rejects(h.call('PutAttributes', { cluster: 'c', attributes: withLocal }), { code, message });
    });
  }

  it('refuses a deregistered instance as target', async () => {
    const h = await instanceSetup();
    await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.local });
    await assert.rejects(h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'a', targetId: h.local }] }), { code: 'TargetNotFoundException' });
  });
});

describe('DeleteAttributes', () => {
  it('removes custom attributes and answers each with the value it had', async () => {
    const h = await instanceSetup();
    await h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'stack', value: 'production', targetId: h.local }, { name: 'keep', targetId: h.local }] });
    const out = await h.call('DeleteAttributes', { cluster: 'c', attributes: [{ name: 'stack', targetId: h.local }, { name: 'never-set', targetId: h.local }] });
    assert.deepEqual(out.attributes, [{ name: 'stack', targetId: h.local, value: 'production' }, { name: 'never-set', targetId: h.local, value: undefined }]);
    assert.deepEqual(await customOf(h, h.local), [{ name: 'keep' }]);
  });

  it('refuses ECS\'s own attributes and unknown targets', async () => {
    const h = await instanceSetup();
    await assert.rejects(h.call('DeleteAttributes', { cluster: 'c', attributes: [{ name: 'ecs.os-type', targetId: h.local }] }), { code: 'InvalidParameterException', message: /is reserved/ });
    await assert.rejects(h.call('DeleteAttributes', { cluster: 'c', attributes: [{ name: 'a', targetId: MISSING_ID, targetType: 'container-instance' }] }), { code: 'TargetNotFoundException' });
  });
});

describe('ListAttributes', () => {
  async function withTwoInstances() {
    const h = await instanceSetup();
    const remote = addRegisteredHost(h.store, hostDoc(1), 'c');
    await h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'stack', value: 'production', targetId: h.local }, { name: 'stack', value: 'test', targetId: remote }] });
    return { ...h, remote };
  }

  it('filters by name, or by name and value, naming each target by ARN', async () => {
    const h = await withTwoInstances();
    const byName = await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance', attributeName: 'stack' });
    assert.deepEqual(new Set(byName.attributes.map((a) => `${a.targetId}=${a.value}`)), new Set([`${h.local}=production`, `${h.remote}=test`]));
    const byValue = await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance', attributeName: 'stack', attributeValue: 'production' });
    assert.deepEqual(byValue.attributes, [{ name: 'stack', value: 'production', targetId: h.local }]);
    const builtIn = await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance', attributeName: 'ecs.availability-zone' });
    assert.equal(builtIn.attributes.length, 2, 'ECS\'s own attributes are listed too');
  });

  it('pages through every attribute of every instance once, leaving deregistered ones out', async () => {
    const h = await withTwoInstances();
    const all = (await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance' })).attributes;
    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance', maxResults: 7, nextToken });
      assert.ok(out.attributes.length <= 7);
      paged.push(...out.attributes.map((a) => `${a.targetId} ${a.name}`));
      nextToken = out.nextToken;
    } while (nextToken);
    assert.equal(paged.length, all.length);
    assert.equal(new Set(paged).size, all.length);
    await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: h.remote });
    const after = (await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance', attributeName: 'stack' })).attributes;
    assert.deepEqual(after.map((a) => a.targetId), [h.local]);
  });

  const refused: [string, object, string, RegExp][] = [
    ['a value without a name', { attributeValue: 'production' }, 'InvalidParameterException', /only be given with attributeName/],
    ['maxResults 101', { maxResults: 101 }, 'InvalidParameterException', /^maxResults must be between 1 and 100\.$/],
    ['a bad nextToken', { nextToken: 'nope' }, 'InvalidParameterException', /^Invalid nextToken\.$/],
    ['an unknown cluster', { cluster: 'nope' }, 'ClusterNotFoundException', /^Cluster not found\.$/],
  ];
  for (const [what, input, code, message] of refused) {
    it(`refuses ${what}`, async () => {
      const h = await instanceSetup();
      await assert.rejects(h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance', ...input }), { code, message });
    });
  }
});
