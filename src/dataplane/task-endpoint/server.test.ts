import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { parsePolicy } from '../../iam/policy/parse.js';
import { rootOnlyAuthorizer } from '../../iam/authorizer.js';
import { ManualClock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.js';
import { MemoryStore } from '../../state/memory-store.js';
import { HOST_KIND } from '../../services/ecs/domain/hosts.js';
import { credentialsId, metadataId } from '../../services/ecs/domain/agent-endpoint.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { TaskRoles } from '../../services/ecs/domain/task-roles.js';
import { IamDirectory, RoleFacts, SessionRequest } from '../../services/iam/domain/ports.js';
import { TaskCredentialIssuer } from './credentials.js';
import { isLocalPeer, TaskEndpoint } from './server.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const SECRETS = { credentials: 'c'.repeat(32), metadata: 'd'.repeat(32) };
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const silent = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

function task(key: string, overrides: Partial<TaskDoc['berth']> = {}, lastStatus: TaskDoc['lastStatus'] = 'RUNNING'): TaskDoc {
  const id = key.split('/').pop()!;
  return {
    taskArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task/web/${id}`, clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/web`,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1`, launchType: 'EC2', availabilityZone: 'us-east-1a',
    attachments: [], attributes: [], createdAt: '2026-11-30T00:00:00.000Z', desiredStatus: 'RUNNING', lastStatus,
    containers: [{ containerArn: 'arn:c', taskArn: 'arn:t', name: 'app', image: 'img', lastStatus: 'RUNNING', networkBindings: [], networkInterfaces: [], healthStatus: 'UNKNOWN', cpu: '0' }],
    berth: { family: 'web', revision: 1, networkMode: 'bridge', containers: [{ name: 'app', image: 'img' }], volumes: [], fargate: false, taskRoleArn: ROLE, agent: SECRETS, ...overrides },
  } as unknown as TaskDoc;
}

describe('task endpoint', () => {
  const store = new MemoryStore();
  const sessions: SessionRequest[] = [];
  const role: RoleFacts = { arn: ROLE, roleId: 'AROAEXAMPLE', roleName: 'app', path: '/', accountId: ACCOUNT, trustPolicy: parsePolicy(TRUST, 'trust'), maxSessionDuration: 3600, tags: {}, serviceLinked: false };
  const directory = {
    findRole: (_account: string, arn: string) => (arn === ROLE ? role : undefined),
    createSession: (request: SessionRequest) => {
      sessions.push(request);
      return { accessKeyId: `ASIA${sessions.length}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.parse('2026-11-30T06:00:00Z')), principal: {} };
    },
  } as unknown as IamDirectory;
  const clock = new ManualClock(new Date('2026-11-30T00:00:00Z'));
  const issuer = new TaskCredentialIssuer(new TaskRoles(directory, rootOnlyAuthorizer), clock);
  const endpoint = new TaskEndpoint({ store, runtime: new FakeRuntime(), log: silent, credentials: issuer, edge: (_req: IncomingMessage, res: ServerResponse) => res.end('edge') });
  let server: Server;
  let base: string;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, body: await res.text() };
  };
  const keys = { bridge: 'us-east-1/0/web/aaaa', awsvpc: 'us-east-1/0/web/bbbb', stopped: 'us-east-1/0/web/cccc', noRole: 'us-east-1/0/web/dddd' };

  before(async () => {
    store.transact((tx) => {
      tx.put(KIND.task, keys.bridge, task(keys.bridge));
      tx.put(KIND.task, keys.awsvpc, task(keys.awsvpc, { networkMode: 'awsvpc' }));
      tx.put(KIND.task, keys.stopped, task(keys.stopped, {}, 'STOPPED'));
      tx.put(KIND.task, keys.noRole, task(keys.noRole, { taskRoleArn: undefined }));
    });
    server = createServer(endpoint.listener);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('serves a task role credentials by the relative URI and by the token', async () => {
    const id = credentialsId(keys.bridge, SECRETS);
    const relative = await get(`/v2/credentials/${id}`);
    assert.equal(relative.status, 200);
    assert.deepEqual(JSON.parse(relative.body), { RoleArn: ROLE, AccessKeyId: 'ASIA1', SecretAccessKey: 's', Token: 't', Expiration: '2026-11-30T06:00:00Z' });
    assert.equal((await get('/v2/credentials', { authorization: id })).status, 200);
    assert.equal(sessions.length, 1, 'one session while it is far from expiry');
    assert.equal(sessions[0].subject.type === 'role' && sessions[0].subject.sessionName, 'aaaa');
    clock.advance(5.5 * 3600_000);
    await get(`/v2/credentials/${id}`);
    assert.equal(sessions.length, 2, 'a new session in the last hour');
  });

  const refusals: [string, string, Record<string, string>, number, string][] = [
    ['no id', '/v2/credentials', {}, 400, 'NoIdInRequest'],
    ['a wrong secret', `/v2/credentials/${credentialsId(keys.bridge, { ...SECRETS, credentials: 'e'.repeat(32) })}`, {}, 400, 'InvalidIdInRequest'],
    ['a metadata id as credentials', `/v2/credentials/${metadataId(keys.bridge, SECRETS, 0)}`, {}, 400, 'InvalidIdInRequest'],
    ['an awsvpc task asked from another address', `/v2/credentials/${credentialsId(keys.awsvpc, SECRETS)}`, {}, 400, 'InvalidIdInRequest'],
    ['a stopped task', `/v2/credentials/${credentialsId(keys.stopped, SECRETS)}`, {}, 400, 'NoCredentialsAssociated'],
    ['a task without a role', `/v2/credentials/${credentialsId(keys.noRole, SECRETS)}`, {}, 400, 'NoCredentialsAssociated'],
    ['an unknown metadata id', `/v4/${metadataId('us-east-1/0/web/ffff', SECRETS, 0)}`, {}, 404, 'InvalidIdInRequest'],
  ];
  for (const [name, path, headers, status, code] of refusals) {
    it(`refuses ${name}`, async () => {
      const r = await get(path, headers);
      assert.equal(r.status, status);
      assert.equal(JSON.parse(r.body).code, code);
      assert.ok(!r.body.includes('SecretAccessKey'));
    });
  }

  it('answers task metadata v4 for a container and its task', async () => {
    const id = metadataId(keys.bridge, SECRETS, 0);
    const container = JSON.parse((await get(`/v4/${id}`)).body);
    assert.equal(container.Name, 'app');
    assert.equal(container.Type, 'NORMAL');
    const t = JSON.parse((await get(`/v4/${id}/task`)).body);
    assert.equal(t.TaskARN, task(keys.bridge).taskArn);
    assert.equal(t.Cluster, 'web');
    assert.equal(t.Revision, '1');
    assert.equal(t.Containers.length, 1);
  });

  it('hands every other path to the edge', async () => {
    assert.equal((await get('/')).body, 'edge');
    assert.equal((await get('/v2/repo/manifests/latest')).body, 'edge');
  });

  const peers: [string, boolean][] = [['127.0.0.1', true], ['::1', true], ['::ffff:10.213.0.5', true], ['172.17.0.2', true], ['192.168.1.4', true], ['8.8.8.8', false], ['172.32.0.1', false], ['', false]];
  for (const [address, local] of peers) it(`${address || 'no address'} is ${local ? '' : 'not '}a local peer`, () => assert.equal(isLocalPeer(address), local));

  it('answers a remote Docker host at a public address (its bridge tasks arrive masqueraded) and no other public peer', () => {
    store.transact((tx) => tx.put(HOST_KIND, 'h-1', { hostId: 'h-1', address: '203.0.113.5' }));
    const answered = (remoteAddress: string) => {
      let destroyed = false;
      let ended = false;
      const req = { socket: { remoteAddress, destroy: () => { destroyed = true; } }, url: '/' } as unknown as IncomingMessage;
      endpoint.listener(req, { end: () => { ended = true; } } as unknown as ServerResponse);
      assert.notEqual(destroyed, ended);
      return ended;
    };
    assert.equal(answered('203.0.113.5'), true);
    assert.equal(answered('::ffff:203.0.113.5'), true);
    assert.equal(answered('203.0.113.6'), false);
  });
});
