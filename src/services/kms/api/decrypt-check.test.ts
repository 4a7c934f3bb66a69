import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { policyAuthorizer } from '../../../iam/authorizer.js';
import { Policy } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { Principal, rootPrincipal } from '../../../iam/principal.js';
import { silentLogger } from '../../../platform/log.js';
import { KeyVaultError } from '../domain/ports.js';
import { StoreKeyVault } from '../domain/vault.js';
import { ACCOUNT, kmsApi, SCOPE } from './api-harness.js';
import { decryptCheck } from './decrypt-check.js';

const alice: Principal = { accessKeyId: 'AKIAALICE', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, root: false, type: 'user', userId: 'AIDAALICE', username: 'alice' };
const root = rootPrincipal('AKIAROOT', ACCOUNT);
const identity = (...Statement: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement }), 'identity', { name: 'access' });
const PARAMETER = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/db/password`;
const context = { PARAMETER_ARN: PARAMETER };

/** A vault whose decrypt-for-a-caller checks alice's identity policies as the edge would. */
function setup(aliceIdentity: Policy[]) {
  const api = kmsApi();
  const keys = new Map([alice, root].map((p) => [p.accessKeyId, p]));
  const authorizer = policyAuthorizer({ policiesOf: (p) => ({ identity: p.arn === alice.arn ? aliceIdentity : [], session: [] }), revision: () => 0 });
  const credentials = { secretFor: (id: string) => (keys.has(id) ? 'secret' : undefined), principalFor: (id: string) => keys.get(id)! };
  const vault = new StoreKeyVault(api.store, api.ring, api.clock, decryptCheck(api.store, { authorizer, credentials }, silentLogger));
  const as = (who: Principal, service = 'ssm') => ({ accessKeyId: who.accessKeyId, service, now: api.clock.now() });
  const refusal = (fn: () => unknown) => {
    try {
      fn();
      return 'allowed';
    } catch (e) {
      if (!(e instanceof KeyVaultError)) throw e;
      return `${e.code}: ${e.message}`;
    }
  };
  return { ...api, vault, as, refusal };
}

describe('kms:Decrypt for a service\'s caller', () => {
  it('needs the caller\'s own permission on a customer key whose policy delegates to the account', async () => {
    const { newKey, vault, as, refusal } = setup([]);
    const key = (await newKey())!;
    const sealed = vault.encrypt(SCOPE, key.KeyId!, Buffer.from('s3cret'), context);
    assert.equal(refusal(() => vault.decrypt(SCOPE, sealed.ciphertext, context, as(alice))),
      `AccessDeniedException: User: ${alice.arn} is not authorized to perform: kms:Decrypt on resource: ${key.Arn} because no identity-based policy allows the kms:Decrypt action`);
    assert.equal(refusal(() => vault.decrypt(SCOPE, sealed.ciphertext, context, as(root))), 'allowed');
    assert.equal(vault.decrypt(SCOPE, sealed.ciphertext, context).plaintext.toString(), 's3cret', 'Berth\'s own reads name no caller');
  });

  it('allows a caller whose policy allows the key, with the encryption context as condition keys', async () => {
    const api = setup([identity({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': PARAMETER, 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } } })]);
    const key = (await api.newKey())!;
    const sealed = api.vault.encrypt(SCOPE, key.KeyId!, Buffer.from('s3cret'), context);
    assert.equal(api.vault.decrypt(SCOPE, sealed.ciphertext, context, api.as(alice)).plaintext.toString(), 's3cret');
    const other = { PARAMETER_ARN: `${PARAMETER}-other` };
    const sealedOther = api.vault.encrypt(SCOPE, key.KeyId!, Buffer.from('x'), other);
    assert.match(api.refusal(() => api.vault.decrypt(SCOPE, sealedOther.ciphertext, other, api.as(alice))), /^AccessDeniedException: /);
    assert.match(api.refusal(() => api.vault.decrypt(SCOPE, sealed.ciphertext, context, api.as(alice, 'secretsmanager'))), /^AccessDeniedException: /);
  });

  it('lets every principal of the account use alias/aws/ssm through SSM only, unless a policy denies it', () => {
    const open = setup([]);
    const sealed = open.vault.encrypt(SCOPE, 'alias/aws/ssm', Buffer.from('s3cret'), context);
    assert.equal(open.refusal(() => open.vault.decrypt(SCOPE, sealed.ciphertext, context, open.as(alice))), 'allowed');
    assert.match(open.refusal(() => open.vault.decrypt(SCOPE, sealed.ciphertext, context, open.as(alice, 'secretsmanager'))), /because no identity-based policy allows the kms:Decrypt action$/);

    const denied = setup([identity({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' })]);
    const sealedAgain = denied.vault.encrypt(SCOPE, 'alias/aws/ssm', Buffer.from('s3cret'), context);
    assert.match(denied.refusal(() => denied.vault.decrypt(SCOPE, sealedAgain.ciphertext, context, denied.as(alice))), /with an explicit deny in an identity-based policy$/);
  });
});
