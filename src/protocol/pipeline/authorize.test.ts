import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditOnly, POLICY_CACHE_MS, policyAuthorizer, rootOnlyAuthorizer } from '../../iam/authorizer.js';
import { parsePolicy } from '../../iam/policy/parse.js';
import { Principal, rootPrincipal } from '../../iam/principal.js';
import { createLogger } from '../../platform/log.js';
import { authorizeCall, AuthorizeInput } from './authorize.js';
import { ServiceError } from '../errors.js';

const user: Principal = { accessKeyId: 'AKIAUSER', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:user/dev', root: false, type: 'user', userId: 'AIDAUSER', username: 'dev' };
const call = (over: Partial<AuthorizeInput>): AuthorizeInput => ({
  requestId: 'r1', iamPrefix: 'ecs', operation: 'ListClusters', principal: rootPrincipal('AKIAROOT', '000000000000'), region: 'us-east-1', family: 'json', ...over,
});
const denial = (fn: () => void) => {
  try { fn(); return undefined; } catch (e) { return e as ServiceError; }
};

describe('the authorize step', () => {
  it('allows the root principal and records the decision at debug level', () => {
    const lines: string[] = [];
    authorizeCall(rootOnlyAuthorizer, createLogger('debug', (l) => lines.push(l)), call({}));
    assert.match(lines[0], /authorization requestId=r1 principal=arn:aws:iam::000000000000:root action=ecs:ListClusters allowed=true reason="root principal"/);
  });

  it("denies anyone else with the protocol family's error naming principal, action and resource", () => {
    const json = denial(() => authorizeCall(rootOnlyAuthorizer, createLogger('error'), call({ principal: user })));
    assert.equal(json?.code, 'AccessDeniedException');
    assert.equal(json?.status, 400);
    assert.equal(json?.message, 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: ecs:ListClusters on resource: * because no identity-based policy allows the ecs:ListClusters action');
    const query = denial(() => authorizeCall(rootOnlyAuthorizer, createLogger('error'), call({ principal: user, iamPrefix: 'elasticloadbalancing', operation: 'DescribeLoadBalancers', family: 'query' })));
    assert.deepEqual([query?.code, query?.status], ['AccessDenied', 403]);
  });

  it('refuses IAM to GetSessionToken credentials (no MFA), as for an unknown token, but not to role sessions', () => {
    const session: Principal = { ...user, accessKeyId: 'ASIASESSION' };
    const e = denial(() => authorizeCall(rootOnlyAuthorizer, createLogger('error'), call({ principal: session, iamPrefix: 'iam', operation: 'ListUsers', family: 'query' })));
    assert.deepEqual([e?.code, e?.status, e?.message], ['InvalidClientTokenId', 403, 'The security token included in the request is invalid']);
    const rootSession = denial(() => authorizeCall(rootOnlyAuthorizer, createLogger('error'), call({ principal: { ...rootPrincipal('ASIAROOT', '000000000000') }, iamPrefix: 'iam', operation: 'ListUsers', family: 'query' })));
    assert.equal(rootSession?.code, 'InvalidClientTokenId');
    const role: Principal = { ...user, accessKeyId: 'ASIAROLE', type: 'assumed-role', arn: 'arn:aws:sts::000000000000:assumed-role/r/s' };
    const roleCall = denial(() => authorizeCall(rootOnlyAuthorizer, createLogger('error'), call({ principal: role, iamPrefix: 'iam', operation: 'ListUsers', family: 'query' })));
    assert.equal(roleCall?.code, 'AccessDenied', 'a role session is decided by policy');
  });

  it('denies an operation the table does not know, even for root', () => {
    const e = denial(() => authorizeCall(rootOnlyAuthorizer, createLogger('error'), call({ operation: 'Unknown' })));
    assert.equal(e?.code, 'AccessDeniedException');
  });

  describe('with policies', () => {
    const policy = (statements: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity');
    const readProd = policy([
      { Effect: 'Allow', Action: 'ecs:Describe*', Resource: 'arn:aws:ecs:us-east-1:000000000000:cluster/prod' },
      { Effect: 'Deny', Action: 'ecs:DeleteCluster', Resource: '*' },
    ]);
    const authorizer = policyAuthorizer({ policiesOf: () => ({ identity: [readProd], session: [] }), revision: () => 0 });
    const asUser = (over: Partial<AuthorizeInput>) => call({ principal: user, ...over });

    it('allows what a policy allows on the resources the call touches', () => {
      authorizeCall(authorizer, createLogger('error'), asUser({ operation: 'DescribeClusters', resources: ['arn:aws:ecs:us-east-1:000000000000:cluster/prod'] }));
    });

    it('names the first resource refused, and an explicit deny as AWS words it', () => {
      const other = denial(() => authorizeCall(authorizer, createLogger('error'), asUser({
        operation: 'DescribeClusters', resources: ['arn:aws:ecs:us-east-1:000000000000:cluster/prod', 'arn:aws:ecs:us-east-1:000000000000:cluster/dev'],
      })));
      assert.equal(other?.message, 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: ecs:DescribeClusters on resource: arn:aws:ecs:us-east-1:000000000000:cluster/dev because no identity-based policy allows the ecs:DescribeClusters action');
      const denied = denial(() => authorizeCall(authorizer, createLogger('error'), asUser({ operation: 'DeleteCluster', resources: ['arn:aws:ecs:us-east-1:000000000000:cluster/prod'] })));
      assert.equal(denied?.message, 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: ecs:DeleteCluster on resource: arn:aws:ecs:us-east-1:000000000000:cluster/prod with an explicit deny in an identity-based policy');
    });

    it('reuses a principal’s policies for POLICY_CACHE_MS or until an IAM change, then reads them again', () => {
      let reads = 0;
      let clock = 0;
      let revision = 0;
      const counted = policyAuthorizer({ policiesOf: () => (reads++, { identity: [readProd], session: [] }), revision: () => revision }, () => clock);
      const describe = () => authorizeCall(counted, createLogger('error'), asUser({ operation: 'DescribeClusters', resources: ['arn:aws:ecs:us-east-1:000000000000:cluster/prod'] }));
      describe();
      clock = POLICY_CACHE_MS - 1;
      describe();
      assert.equal(reads, 1);
      clock = POLICY_CACHE_MS;
      describe();
      assert.equal(reads, 2);
      revision++;
      describe();
      assert.equal(reads, 3, 'an IAM change ends the reuse at once');
    });

    it('in audit mode allows what it would deny and logs it', () => {
      const lines: string[] = [];
      authorizeCall(auditOnly(authorizer), createLogger('warn', (l) => lines.push(l)), asUser({ operation: 'DeleteCluster', resources: ['arn:aws:ecs:us-east-1:000000000000:cluster/prod'] }));
      assert.equal(lines.length, 1);
      assert.match(lines[0], /authorization would deny .*principal=arn:aws:iam::000000000000:user\/dev action=ecs:DeleteCluster resource=arn:aws:ecs:us-east-1:000000000000:cluster\/prod/);
    });
  });
});
