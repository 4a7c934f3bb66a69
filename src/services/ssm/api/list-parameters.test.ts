import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ssmApi, SsmApi } from './api-harness.js';

async function site(api: SsmApi) {
  for (const name of ['/site/newyork/department/marketing', '/site/newyork/department/infotech', '/site/newyork/floor', '/site/boston/department/sales', '/sitemap', 'top']) await api.put(name, `value of ${name}`);
  await api.put('/site/newyork/secret', 'shh', { Type: 'SecureString' });
}

describe('GetParametersByPath and DescribeParameters', () => {
  it('a path lists its own level, or everything beneath with Recursive', async () => {
    const api = ssmApi();
    await site(api);
    const names = async (input: object) => (await api.call('GetParametersByPath', input)).Parameters.map((p) => p.Name).sort();
    assert.deepEqual(await names({ Path: '/site/newyork/department/' }), ['/site/newyork/department/infotech', '/site/newyork/department/marketing']);
    assert.deepEqual(await names({ Path: '/site/newyork' }), ['/site/newyork/floor', '/site/newyork/secret']);
    assert.deepEqual(await names({ Path: '/site', Recursive: true, MaxResults: 10 }), [
      '/site/boston/department/sales', '/site/newyork/department/infotech', '/site/newyork/department/marketing', '/site/newyork/floor', '/site/newyork/secret',
    ]);
    assert.deepEqual(await names({ Path: '/' }), ['/sitemap', 'top']);
    assert.deepEqual(await names({ Path: '/nothing/here' }), []);
    assert.match(await api.failure('GetParametersByPath', { Path: 'site' }), /^ValidationException: The parameter doesn't meet the parameter name requirements/);
  });

  it('pages through a path with filters, decrypting only WithDecryption', async () => {
    const api = ssmApi();
    await site(api);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.call('GetParametersByPath', { Path: '/site', Recursive: true, MaxResults: 2, NextToken: token });
      assert.ok(page.Parameters.length <= 2);
      seen.push(...page.Parameters.map((p) => p.Name));
      token = page.NextToken;
    } while (token);
    assert.equal(seen.length, 5);
    const secure = await api.call('GetParametersByPath', { Path: '/site', Recursive: true, ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }], WithDecryption: true });
    assert.deepEqual(secure.Parameters.map((p) => [p.Name, p.Value]), [['/site/newyork/secret', 'shh']]);
    assert.match(await api.failure('GetParametersByPath', { Path: '/site', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] }), /^InvalidFilterKey/);
  });

  it('a Label filter answers the labelled version of each parameter that has one', async () => {
    const api = ssmApi();
    await api.put('/app/a', 'a1');
    await api.put('/app/a', 'a2', { Overwrite: true });
    await api.put('/app/b', 'b1');
    await api.call('LabelParameterVersion', { Name: '/app/a', ParameterVersion: 1, Labels: ['stable'] });
    const out = await api.call('GetParametersByPath', { Path: '/app', ParameterFilters: [{ Key: 'Label', Values: ['stable'] }] });
    assert.deepEqual(out.Parameters.map((p) => [p.Name, p.Value, p.Version]), [['/app/a', 'a1', 1]]);
  });

  it('DescribeParameters: metadata without values, by filter, paged', async () => {
    const api = ssmApi();
    await site(api);
    await api.call('AddTagsToResource', { ResourceType: 'Parameter', ResourceId: '/site/newyork/floor', Tags: [{ Key: 'team', Value: 'ops' }] });
    const names = async (input: object) => (await api.call('DescribeParameters', input)).Parameters.map((p) => p.Name).sort();
    const all = await api.call('DescribeParameters', { MaxResults: 50 });
    assert.equal(all.Parameters.length, 7);
    const secret = all.Parameters.find((p) => p.Name === '/site/newyork/secret')!;
    assert.deepEqual([secret.Type, secret.KeyId, secret.Version, secret.Tier, secret.Policies, secret.DataType, 'Value' in secret], ['SecureString', 'alias/aws/ssm', 1, 'Standard', [], 'text', false]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/site/newyork'] }, { Key: 'Type', Values: ['String'] }] }), [
      '/site/newyork/department/infotech', '/site/newyork/department/marketing', '/site/newyork/floor',
    ]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: 'Name', Option: 'Contains', Values: ['map'] }] }), ['/sitemap']);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: 'tag:team', Values: ['ops'] }] }), ['/site/newyork/floor']);
    assert.deepEqual(await names({ Filters: [{ Key: 'Type', Values: ['SecureString'] }] }), ['/site/newyork/secret']);
    assert.deepEqual(await names({ Filters: [{ Key: 'Name', Values: ['/site/boston'] }] }), ['/site/boston/department/sales']);
    assert.deepEqual(await names({ Shared: true }), []);
    const first = await api.call('DescribeParameters', {});
    assert.deepEqual([first.Parameters.length, first.NextToken], [7, undefined], 'ten to a page by default');
    const two = await api.call('DescribeParameters', { MaxResults: 2 });
    const next = await api.call('DescribeParameters', { MaxResults: 2, NextToken: two.NextToken });
    assert.equal(new Set([...two.Parameters, ...next.Parameters].map((p) => p.Name)).size, 4);
    assert.equal(
      await api.failure('DescribeParameters', { Filters: [{ Key: 'Type', Values: ['String'] }], ParameterFilters: [{ Key: 'Type', Values: ['String'] }] }),
      'ValidationException: You can use either Filters or ParameterFilters in a single request.',
    );
    assert.match(await api.failure('DescribeParameters', { ParameterFilters: [{ Key: 'Path', Values: ['/aws/service'] }] }), /^ValidationException: Filters for common parameters can't be prefixed/);
  });
});
