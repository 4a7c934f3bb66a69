import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentEnvironment, credentialsId, metadataId, parseAgentId, secretMatches } from './agent-endpoint.js';

const KEY = 'us-east-1/000000000000/web/0123456789abcdef0123456789abcdef';
const SECRETS = { credentials: 'a'.repeat(32), metadata: 'b'.repeat(32) };

describe('agent endpoint ids', () => {
  it('a credentials id names its task and carries the credentials secret', () => {
    assert.deepEqual(parseAgentId(credentialsId(KEY, SECRETS)), { taskKey: KEY, secret: SECRETS.credentials });
  });
  it('a metadata id also names the container', () => {
    assert.deepEqual(parseAgentId(metadataId(KEY, SECRETS, 3)), { taskKey: KEY, secret: SECRETS.metadata, containerIndex: 3 });
  });
  const malformed: [string, string][] = [
    ['empty', ''], ['no secret', 'dGFzaw'], ['a short secret', 'dGFzaw.abc'], ['a secret that is not hex', `dGFzaw.${'z'.repeat(32)}`],
    ['a path', `../etc.${'a'.repeat(32)}`], ['a huge key', `${'A'.repeat(5000)}.${'a'.repeat(32)}`],
  ];
  for (const [name, id] of malformed) it(`refuses ${name}`, () => assert.equal(parseAgentId(id), undefined));
  it('compares secrets exactly', () => {
    assert.equal(secretMatches('abc', 'abc'), true);
    assert.equal(secretMatches('abc', 'abd'), false);
    assert.equal(secretMatches('abc', 'abcd'), false);
  });
});

describe('agentEnvironment', () => {
  const base = { taskKey: KEY, secrets: SECRETS, containerIndex: 0, region: 'eu-west-1', fargate: true };
  it('gives every container the metadata endpoints, the Region and the endpoint of the APIs', () => {
    const env = agentEnvironment({ ...base, hasTaskRole: false });
    assert.equal(env.ECS_CONTAINER_METADATA_URI_V4, `http://169.254.170.2/v4/${metadataId(KEY, SECRETS, 0)}`);
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_ECS_FARGATE');
    assert.equal(env.AWS_ENDPOINT_URL, 'http://169.254.170.2');
    assert.equal(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, undefined, 'no task role, no credentials');
  });
  it('a task with a role gets both forms of the credentials endpoint', () => {
    const env = agentEnvironment({ ...base, hasTaskRole: true });
    assert.equal(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, `/v2/credentials/${credentialsId(KEY, SECRETS)}`);
    assert.equal(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, 'http://169.254.170.2/v2/credentials');
    assert.equal(env.AWS_CONTAINER_AUTHORIZATION_TOKEN, credentialsId(KEY, SECRETS));
  });
});
