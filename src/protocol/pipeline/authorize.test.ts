import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rootOnlyAuthorizer } from '../../iam/authorizer.js';
import { rootPrincipal } from '../../iam/principal.js';
import { createLogger } from '../../platform/log.js';
import { authorizeCall, AuthorizeInput } from './authorize.js';
import { ServiceError } from '../errors.js';

const user = { accessKeyId: 'AKIAUSER', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:user/dev', root: false };
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

  it('denies an operation the table does not know, even for root', () => {
    const e = denial(() => authorizeCall(rootOnlyAuthorizer, createLogger('error'), call({ operation: 'Unknown' })));
    assert.equal(e?.code, 'AccessDeniedException');
  });
});
