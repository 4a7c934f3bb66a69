import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { policyAuthorizer, PolicySource } from '../../../iam/authorizer.js';
import { Policy } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { Principal, rootPrincipal } from '../../../iam/principal.js';
import { silentLogger } from '../../../platform/log.js';
import { RepositoryAccessControl } from './access-control.js';
import { RepositoryDoc } from './records.js';

const OWNER = '000000000000';
const OTHER = '111111111111';
const ARN = `arn:aws:ecr:us-east-1:${OWNER}:repository/app`;

const user = (account: string, name: string): Principal => ({
  accessKeyId: `AKIA${name.toUpperCase()}`, accountId: account, arn: `arn:aws:iam::${account}:user/${name}`, root: false, type: 'user', userId: `AIDA${name.toUpperCase()}`, username: name,
});
const root = rootPrincipal('AKROOT', OWNER);
const alice = user(OWNER, 'alice');
const bob = user(OWNER, 'bob');
const carol = user(OTHER, 'carol');

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const identity = (...Statement: object[]) => parsePolicy(doc(...Statement), 'identity', { name: 'access' });
const allowAll = identity({ Effect: 'Allow', Action: 'ecr:*', Resource: '*' });

/** IAM's view: keys → principals, principals → identity policies; `revision` moves with every change, as the IAM service's does. */
function iam(policies: Record<string, Policy[]>) {
  let revision = 0;
  const keys = new Map([root, alice, bob, carol].map((p) => [p.accessKeyId, p]));
  const source: PolicySource = { policiesOf: (p) => ({ identity: policies[p.arn] ?? [], session: [] }), revision: () => revision };
  const control = new RepositoryAccessControl(
    policyAuthorizer(source),
    { secretFor: (id) => (keys.has(id) ? 'secret' : undefined), principalFor: (id) => keys.get(id)! },
    OWNER,
    silentLogger,
  );
  const change = (arn: string, list: Policy[]) => {
    policies[arn] = list;
    revision++;
  };
  return { control, change, dropKey: (id: string) => keys.delete(id) };
}

const target = (control: RepositoryAccessControl, policyText?: string) =>
  control.target({ ns: 'private', region: 'us-east-1', arn: ARN }, { registryId: OWNER, policyText } as RepositoryDoc);

describe('repository access control', () => {
  it('lets the root do anything but what the repository policy denies it', () => {
    const { control } = iam({});
    assert.equal(control.refusal(root, ['BatchGetImage', 'PutImage'], target(control), {}), undefined);
    const denyPush = doc({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'ecr:PutImage' });
    assert.equal(control.refusal(root, ['BatchGetImage'], target(control, denyPush), {}), undefined);
    assert.equal(control.refusal(root, ['PutImage'], target(control, denyPush), {}),
      `User: arn:aws:iam::${OWNER}:root is not authorized to perform: ecr:PutImage on resource: ${ARN} with an explicit deny in a resource-based policy`);
  });

  it('refuses a user without a policy, naming the first action refused as AWS words it', () => {
    const { control } = iam({ [alice.arn]: [identity({ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: ARN })] });
    assert.equal(control.refusal(alice, ['BatchGetImage'], target(control), {}), undefined);
    assert.equal(control.refusal(alice, ['BatchGetImage', 'GetDownloadUrlForLayer'], target(control), {}),
      `User: ${alice.arn} is not authorized to perform: ecr:GetDownloadUrlForLayer on resource: ${ARN} because no identity-based policy allows the ecr:GetDownloadUrlForLayer action`);
    assert.match(control.refusal(bob, ['BatchGetImage'], target(control), {})!, /because no identity-based policy allows the ecr:BatchGetImage action$/);
  });

  it('lets an explicit Deny in the repository policy beat an identity Allow', () => {
    const { control } = iam({ [alice.arn]: [allowAll] });
    const denyAlice = doc({ Effect: 'Deny', Principal: { AWS: alice.arn }, Action: ['ecr:BatchGetImage'] });
    assert.match(control.refusal(alice, ['BatchGetImage'], target(control, denyAlice), {})!, /ecr:BatchGetImage on resource: .* with an explicit deny in a resource-based policy$/);
    assert.equal(control.refusal(alice, ['PutImage'], target(control, denyAlice), {}), undefined);
  });

  it('lets a repository policy alone grant a user of the same account', () => {
    const { control } = iam({});
    const grantBob = doc({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] });
    assert.equal(control.refusal(bob, ['BatchGetImage', 'GetDownloadUrlForLayer'], target(control, grantBob), {}), undefined);
    assert.ok(control.refusal(bob, ['PutImage'], target(control, grantBob), {}));
    assert.ok(control.refusal(alice, ['BatchGetImage'], target(control, grantBob), {}), 'only the principal it names');
  });

  it('needs both sides for another account: its own identity policy and the repository policy naming it', () => {
    const { control, change } = iam({ [carol.arn]: [allowAll] });
    assert.equal(control.refusal(carol, ['BatchGetImage'], target(control), {}),
      `User: ${carol.arn} is not authorized to perform: ecr:BatchGetImage on resource: ${ARN} because no resource-based policy allows the ecr:BatchGetImage action`);
    const grantAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'ecr:BatchGetImage' });
    assert.equal(control.refusal(carol, ['BatchGetImage'], target(control, grantAccount), {}), undefined);
    change(carol.arn, []);
    assert.match(control.refusal(carol, ['BatchGetImage'], target(control, grantAccount), {})!, /because no identity-based policy allows/);
  });

  it('applies a policy change at once, and forgets a key that is gone', () => {
    const { control, change, dropKey } = iam({ [alice.arn]: [allowAll] });
    assert.equal(control.refusal(alice, ['PutImage'], target(control), {}), undefined);
    change(alice.arn, []);
    assert.ok(control.refusal(alice, ['PutImage'], target(control), {}));
    assert.equal(control.principalOf(alice.accessKeyId)?.arn, alice.arn);
    dropKey(alice.accessKeyId);
    assert.equal(control.principalOf(alice.accessKeyId), undefined);
  });

  it('authorizes public repositories as ECR Public, and refuses operations IAM does not know', () => {
    const { control } = iam({ [alice.arn]: [identity({ Effect: 'Allow', Action: 'ecr-public:*', Resource: '*' })] });
    const pub = control.target({ ns: 'public', region: 'us-east-1', arn: `arn:aws:ecr-public::${OWNER}:repository/tools` }, undefined);
    assert.equal(control.refusal(alice, ['InitiateLayerUpload'], pub, {}), undefined);
    assert.match(control.refusal(bob, ['InitiateLayerUpload'], pub, {})!, /ecr-public:InitiateLayerUpload on resource: arn:aws:ecr-public::/);
    assert.match(control.refusal(root, ['NoSuchOperation'], target(control), {})!, /not authorized to perform: ecr:NoSuchOperation/);
  });
});
