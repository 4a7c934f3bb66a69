import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, ssmApi } from './api-harness.js';

const ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter`;

describe('GetParameter, GetParameters, GetParameterHistory', () => {
  it('selectors: name:version and name:label, by name or ARN, echoed in Selector', async () => {
    const { call, put, failure } = ssmApi();
    await put('MyParameter', 'parameter version 1');
    await put('MyParameter', 'parameter version 2', { Overwrite: true });
    await put('MyParameter', 'parameter version 3', { Overwrite: true });
    await call('LabelParameterVersion', { Name: 'MyParameter', ParameterVersion: 2, Labels: ['label'] });
    const table: Array<[string, string, number, string | undefined]> = [
      ['MyParameter', 'parameter version 3', 3, undefined],
      ['MyParameter:2', 'parameter version 2', 2, ':2'],
      ['MyParameter:label', 'parameter version 2', 2, ':label'],
      [`${ARN}/MyParameter:1`, 'parameter version 1', 1, ':1'],
      ['/MyParameter', 'parameter version 3', 3, undefined],
    ];
    for (const [ref, value, version, selector] of table) {
      const { Parameter } = await call('GetParameter', { Name: ref });
      assert.deepEqual([Parameter.Name, Parameter.Value, Parameter.Version, Parameter.Selector], ['MyParameter', value, version, selector], ref);
    }
    assert.equal(await failure('GetParameter', { Name: 'MyParameter:9' }), 'ParameterVersionNotFound: Systems Manager could not find version 9 of MyParameter. Verify the version and try again.');
    assert.equal(await failure('GetParameter', { Name: 'MyParameter:nolabel' }), 'ParameterVersionNotFound: Systems Manager could not find version nolabel of MyParameter. Verify the version and try again.');
    assert.equal(await failure('GetParameter', { Name: 'Missing' }), 'ParameterNotFound: ');
    assert.equal(await failure('GetParameter', { Name: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/MyParameter` }), 'ParameterNotFound: ', 'an ARN of another Region names nothing here');
  });

  it('GetParameters answers in name order and lists what names nothing in InvalidParameters', async () => {
    const { call, put } = ssmApi();
    await put('MyStringParameter', 'Vici');
    await put('MyStringListParameter', 'alpha,beta,gamma', { Type: 'StringList' });
    const out = await call('GetParameters', { Names: ['MyStringParameter', 'MyStringListParameter', 'MyInvalidParameterName', 'MyStringParameter:7'] });
    assert.deepEqual(out.Parameters.map((p) => [p.Name, p.Type, p.Value]), [['MyStringListParameter', 'StringList', 'alpha,beta,gamma'], ['MyStringParameter', 'String', 'Vici']]);
    assert.deepEqual(out.InvalidParameters, ['MyInvalidParameterName', 'MyStringParameter:7']);
  });

  it('SecureString: the ciphertext unless WithDecryption; String values never change with it', async () => {
    const { call, put } = ssmApi();
    await put('/db/password', 'hunter2', { Type: 'SecureString' });
    await put('/db/host', 'db.local');
    const hidden = (await call('GetParameter', { Name: '/db/password' })).Parameter.Value;
    assert.notEqual(hidden, 'hunter2');
    assert.match(hidden, /^[A-Za-z0-9+/]+=*$/, 'base64 of the KMS blob');
    assert.equal((await call('GetParameter', { Name: '/db/password', WithDecryption: true })).Parameter.Value, 'hunter2');
    const many = await call('GetParameters', { Names: ['/db/password', '/db/host'], WithDecryption: true });
    assert.deepEqual(many.Parameters.map((p) => p.Value), ['db.local', 'hunter2']);
    const history = await call('GetParameterHistory', { Name: '/db/password' });
    assert.deepEqual([history.Parameters[0].Value === hidden, history.Parameters[0].KeyId], [true, 'alias/aws/ssm']);
  });

  it('a key disabled after the write makes decryption InvalidKeyId, while the ciphertext stays readable', async () => {
    const { call, put, failure, vault } = ssmApi();
    const key = vault.createKey({ region: 'eu-west-1', accountId: ACCOUNT }, 'alias/app');
    await put('/s', 'secret', { Type: 'SecureString', KeyId: 'alias/app' });
    vault.setEnabled(key, false);
    assert.match(await failure('GetParameter', { Name: '/s', WithDecryption: true }), /^InvalidKeyId: .* is disabled\. \(Service: AWSKMS/);
    assert.match(await failure('GetParameters', { Names: ['/s'], WithDecryption: true }), /^InvalidKeyId/);
    assert.ok((await call('GetParameter', { Name: '/s' })).Parameter.Value.length > 0);
  });

  it('decrypts only for a caller KMS allows kms:Decrypt: AccessDeniedException as SSM wraps KMS\'s refusal, for every read', async () => {
    const { call, put, failure, vault, reader } = ssmApi();
    await put('/db/password', 'hunter2', { Type: 'SecureString' });
    await put('/db/host', 'db.local');
    vault.refuseDecrypt('AKIABOB');
    const bob = { accessKeyId: 'AKIABOB' };
    const refused = await failure('GetParameter', { Name: '/db/password', WithDecryption: true }, bob);
    assert.match(refused, /^AccessDeniedException: User: AKIABOB is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-west-1:\d+:key\/\S+ because no identity-based policy allows the kms:Decrypt action \(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: req-1; Proxy: null\)$/);
    assert.match(await failure('GetParameters', { Names: ['/db/password', '/db/host'], WithDecryption: true }, bob), /^AccessDeniedException: /);
    assert.match(await failure('GetParametersByPath', { Path: '/db', WithDecryption: true }, bob), /^AccessDeniedException: /);
    assert.match(await failure('GetParameterHistory', { Name: '/db/password', WithDecryption: true }, bob), /^AccessDeniedException: /);
    assert.notEqual((await call('GetParameter', { Name: '/db/password' }, bob)).Parameter.Value, 'hunter2', 'the ciphertext needs no kms:Decrypt');
    assert.equal((await call('GetParameter', { Name: '/db/host', WithDecryption: true }, bob)).Parameter.Value, 'db.local', 'nor does a String');
    assert.equal((await call('GetParameter', { Name: '/db/password', WithDecryption: true })).Parameter.Value, 'hunter2', 'another caller');
    assert.equal(reader.getParameterValue({ region: 'eu-west-1', accountId: ACCOUNT }, '/db/password', true).value, 'hunter2', 'the reader port names no caller');
  });

  it('history: every kept version with its facts and labels, paged', async () => {
    const { call, put, failure } = ssmApi();
    await put('MyStringParameter', 'Veni', { Description: 'first' });
    await put('MyStringParameter', 'Vidi', { Overwrite: true, Description: 'second' });
    await put('MyStringParameter', 'Vici', { Overwrite: true });
    await call('LabelParameterVersion', { Name: 'MyStringParameter', Labels: ['latest'] });
    const all = await call('GetParameterHistory', { Name: 'MyStringParameter' });
    assert.deepEqual(all.Parameters.map((p) => [p.Version, p.Value, p.Description, p.Labels]), [[1, 'Veni', 'first', []], [2, 'Vidi', 'second', []], [3, 'Vici', 'second', ['latest']]]);
    assert.deepEqual([all.Parameters[0].LastModifiedUser, all.Parameters[0].Tier, all.Parameters[0].Policies, all.NextToken], [`arn:aws:iam::${ACCOUNT}:root`, 'Standard', [], undefined]);
    const first = await call('GetParameterHistory', { Name: 'MyStringParameter', MaxResults: 2 });
    const rest = await call('GetParameterHistory', { Name: 'MyStringParameter', MaxResults: 2, NextToken: first.NextToken });
    assert.deepEqual([...first.Parameters, ...rest.Parameters].map((p) => p.Version), [1, 2, 3]);
    assert.equal(await failure('GetParameterHistory', { Name: 'MyStringParameter', NextToken: 'garbage' }), 'InvalidNextToken: The specified token isn\'t valid.');
    assert.equal(await failure('GetParameterHistory', { Name: 'MyStringParameter:1' }), 'ParameterNotFound: ');
  });
});
