import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ensureBusyboxImage } from '../../../test/support/busybox-image.js';
import { assertRuntimeError, runtimeConformance, waitFor } from '../conformance.js';
import type { ContainerSpec, RuntimeEvent } from '../runtime.js';
import { parseEventLine, repoDigest, splitLines, toContainerState, toCreateBody, type DockerInspect } from './docker-mapping.js';
import { DockerRuntime, withDefaultTag } from './docker-runtime.js';
import { EngineClient, httpError, readBody, resolveEndpoint } from './engine-client.js';
import { withScriptedEngine } from './scripted-engine.js';

runtimeConformance('DockerRuntime', async () => {
  const image = await ensureBusyboxImage();
  const runtime = new DockerRuntime();
  return { runtime, image, cleanup: () => runtime.close() };
});

const base: ContainerSpec = { name: 'c', image: 'img:1', labels: { a: 'b' }, networkMode: 'bridge' };

describe('toCreateBody', () => {
  const cases: { name: string; spec: Partial<ContainerSpec>; expect: Record<string, unknown> }[] = [
    { name: 'minimal', spec: {}, expect: { Image: 'img:1', Labels: { a: 'b' }, HostConfig: { NetworkMode: 'bridge' } } },
    {
      name: 'process, resources and security',
      spec: {
        command: ['sleep', '1'], entryPoint: ['/bin/sh', '-c'], env: ['A=1'], workingDir: '/w', user: 'nobody', hostname: 'h',
        cpuShares: 512, memoryBytes: 64 << 20, memoryReservationBytes: 32 << 20, nanoCpus: 5e8, cgroupParent: '/berth/t1',
        links: ['db:db'], extraHosts: ['x:1.2.3.4'], dns: ['1.1.1.1'], ulimits: [{ name: 'nofile', soft: 10, hard: 20 }],
        readonlyRootfs: true, privileged: false, init: true, capAdd: ['NET_ADMIN'], capDrop: ['MKNOD'], shmSizeBytes: 1024,
        volumesFrom: ['other:ro'], tty: true, openStdin: false, stopSignal: 'SIGQUIT', stopTimeoutSeconds: 7,
      },
      expect: {
        Image: 'img:1', Labels: { a: 'b' }, Env: ['A=1'], Cmd: ['sleep', '1'], Entrypoint: ['/bin/sh', '-c'], WorkingDir: '/w',
        User: 'nobody', Hostname: 'h', Tty: true, OpenStdin: false, StopSignal: 'SIGQUIT', StopTimeout: 7,
        HostConfig: {
          NetworkMode: 'bridge', CpuShares: 512, Memory: 64 << 20, MemoryReservation: 32 << 20, NanoCpus: 5e8, CgroupParent: '/berth/t1',
          Links: ['db:db'], ExtraHosts: ['x:1.2.3.4'], Dns: ['1.1.1.1'], Ulimits: [{ Name: 'nofile', Soft: 10, Hard: 20 }],
          ReadonlyRootfs: true, Privileged: false, Init: true, CapAdd: ['NET_ADMIN'], CapDrop: ['MKNOD'], ShmSize: 1024,
          VolumesFrom: ['other:ro'],
        },
      },
    },
    {
      name: 'ports: dynamic, fixed, two host ips for one port',
      spec: {
        portBindings: [
          { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' },
          { containerPort: 80, protocol: 'tcp', hostIp: '10.0.0.1', hostPort: 8080 },
          { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 0 },
        ],
      },
      expect: {
        Image: 'img:1', Labels: { a: 'b' }, ExposedPorts: { '80/tcp': {}, '53/udp': {} },
        HostConfig: {
          NetworkMode: 'bridge',
          PortBindings: {
            '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }, { HostIp: '10.0.0.1', HostPort: '8080' }],
            '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }],
          },
        },
      },
    },
    {
      name: 'fixed address on a user-defined network',
      spec: { networkMode: 'berth-net', ipv4Address: '10.9.0.5' },
      expect: {
        Image: 'img:1', Labels: { a: 'b' }, HostConfig: { NetworkMode: 'berth-net' },
        NetworkingConfig: { EndpointsConfig: { 'berth-net': { IPAMConfig: { IPv4Address: '10.9.0.5' } } } },
      },
    },
    {
      name: 'no endpoint config on builtin networks',
      spec: { networkMode: 'container:abc', ipv4Address: '10.9.0.5' },
      expect: { Image: 'img:1', Labels: { a: 'b' }, HostConfig: { NetworkMode: 'container:abc' } },
    },
    {
      name: 'mounts: bind, volume, tmpfs via Mounts and via HostConfig.Tmpfs',
      spec: {
        mounts: [
          { type: 'bind', source: '/host', target: '/in', readOnly: true },
          { type: 'volume', source: 'vol', target: '/data' },
          { type: 'tmpfs', target: '/t1', tmpfsSizeBytes: 1 << 20, tmpfsOptions: ['rw', 'mode=1777'] },
          { type: 'tmpfs', target: '/t2', tmpfsSizeBytes: 4096, tmpfsOptions: ['noexec', 'nosuid'] },
        ],
      },
      expect: {
        Image: 'img:1', Labels: { a: 'b' },
        HostConfig: {
          NetworkMode: 'bridge',
          Mounts: [
            { Type: 'bind', Source: '/host', Target: '/in', ReadOnly: true },
            { Type: 'volume', Source: 'vol', Target: '/data' },
            { Type: 'tmpfs', Target: '/t1', TmpfsOptions: { SizeBytes: 1 << 20, Mode: 0o1777 } },
          ],
          Tmpfs: { '/t2': 'noexec,nosuid,size=4096' },
        },
      },
    },
    {
      name: 'health check durations in nanoseconds',
      spec: { healthCheck: { test: ['CMD-SHELL', 'true'], intervalSeconds: 5, timeoutSeconds: 2, retries: 3, startPeriodSeconds: 0.5 } },
      expect: {
        Image: 'img:1', Labels: { a: 'b' }, HostConfig: { NetworkMode: 'bridge' },
        Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 5e9, Timeout: 2e9, Retries: 3, StartPeriod: 5e8 },
      },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(toCreateBody({ ...base, ...c.spec }), c.expect));
});

describe('repoDigest', () => {
  const digest = 'sha256:' + 'a'.repeat(64);
  const other = 'sha256:' + 'b'.repeat(64);
  it('picks the digest of the repository the container was created from', () => {
    assert.equal(repoDigest('localhost:4566/app:1', [`reg:5000/app@${other}`, `localhost:4566/app@${digest}`]), digest);
    assert.equal(repoDigest('docker.io/library/busybox:1.36', [`busybox@${digest}`]), digest);
    assert.equal(repoDigest(`nginx@${digest}`, [`nginx@${digest}`]), digest);
  });
  it('falls back to the first digest, and to none for a local image', () => {
    assert.equal(repoDigest('app:1', [`reg:5000/app@${other}`]), other);
    assert.equal(repoDigest('berth/pause:1', []), undefined);
  });
});

describe('toContainerState', () => {
  const inspect = (state: Partial<DockerInspect['State']>, ports: DockerInspect['NetworkSettings']['Ports'] = {}): DockerInspect => ({
    Id: 'id1', Name: '/c1', Config: { Image: 'img:1', Labels: null },
    State: { Status: 'running', Running: true, ExitCode: 0, OOMKilled: false, Error: '', StartedAt: '2024-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', ...state },
    NetworkSettings: { Ports: ports, Networks: { bridge: { IPAddress: '172.17.0.2', MacAddress: '02:42:ac:11:00:02' } } },
  });
  it('maps a running container with bound ports', () => {
    const s = toContainerState(inspect({ Health: { Status: 'healthy' } }, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }], '81/udp': null }));
    assert.equal(s.name, 'c1');
    assert.deepEqual(s.labels, {});
    assert.equal(s.exitCode, undefined);
    assert.equal(s.finishedAt, undefined);
    assert.equal(s.startedAt?.toISOString(), '2024-01-01T00:00:00.000Z');
    assert.equal(s.health, 'healthy');
    assert.deepEqual(s.ports, [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 32768 }]);
    assert.deepEqual(s.networks, { bridge: { ipAddress: '172.17.0.2', macAddress: '02:42:ac:11:00:02' } });
  });
  it('keeps the exit code and error of a failed start', () => {
    const s = toContainerState(inspect({ Status: 'created', Running: false, ExitCode: 127, Error: 'exec: not found', StartedAt: '0001-01-01T00:00:00Z' }));
    assert.equal(s.exitCode, 127);
    assert.equal(s.error, 'exec: not found');
    assert.equal(s.startedAt, undefined);
  });
});

describe('event stream parsing', () => {
  it('splitLines carries partial lines across chunks', () => {
    const table: [string, string, string[], string][] = [
      ['', 'a\nb\n', ['a', 'b'], ''],
      ['', '{"x":', [], '{"x":'],
      ['{"x":', '1}\n{"y"', ['{"x":1}'], '{"y"'],
      ['', '\n\r\n  \n', [], ''],
      ['a', '', [], 'a'],
    ];
    for (const [carry, chunk, lines, rest] of table) assert.deepEqual(splitLines(carry, chunk), { lines, carry: rest });
  });

  const line = (action: string, attrs: Record<string, string> = {}, type = 'container') =>
    JSON.stringify({ status: action, id: 'abc', Type: type, Action: action, Actor: { ID: 'abc', Attributes: { image: 'img', name: 'n', ...attrs } }, time: 1, timeNano: 1 });
  const table: [string, string, RuntimeEvent | undefined][] = [
    ['start', line('start', { 'berth.task': 't1' }), { type: 'start', containerId: 'abc', labels: { 'berth.task': 't1' } }],
    ['die drops exitCode', line('die', { exitCode: '137', k: 'v' }), { type: 'die', containerId: 'abc', labels: { k: 'v' } }],
    ['health', line('health_status: unhealthy'), { type: 'health', containerId: 'abc', labels: {} }],
    ['oom', line('oom'), { type: 'oom', containerId: 'abc', labels: {} }],
    ['create', line('create'), { type: 'create', containerId: 'abc', labels: {} }],
    ['destroy', line('destroy'), { type: 'destroy', containerId: 'abc', labels: {} }],
    ['ignored action', line('exec_start: sh'), undefined],
    ['ignored type', line('create', {}, 'network'), undefined],
    ['malformed', '{"Type":"contai', undefined],
  ];
  for (const [name, input, expected] of table) it(`parseEventLine: ${name}`, () => assert.deepEqual(parseEventLine(input), expected));
});

describe('engine client helpers', () => {
  it('resolves the endpoint from options and DOCKER_HOST', () => {
    assert.deepEqual(resolveEndpoint({}, {}), { socketPath: '/var/run/docker.sock' });
    assert.deepEqual(resolveEndpoint({ socketPath: '/s' }, { DOCKER_HOST: 'tcp://h:1' }), { socketPath: '/s' });
    assert.deepEqual(resolveEndpoint({}, { DOCKER_HOST: 'unix:///run/d.sock' }), { socketPath: '/run/d.sock' });
    assert.deepEqual(resolveEndpoint({}, { DOCKER_HOST: 'tcp://10.0.0.2:2376' }), { host: '10.0.0.2', port: 2376 });
    assert.throws(() => resolveEndpoint({ dockerHost: 'npipe:////./pipe/docker_engine' }, {}), assertRuntimeError('Unavailable'));
  });
  it('maps HTTP errors to kinds with the engine message', () => {
    const table: [number, string, string, string][] = [
      [404, '{"message":"No such container: x"}', 'NotFound', 'No such container: x'],
      [409, '{"message":"name in use"}', 'Conflict', 'name in use'],
      [500, 'plain text', 'Other', 'plain text'],
    ];
    for (const [status, body, kind, message] of table) {
      const err = httpError(status, body);
      assert.deepEqual([err.kind, err.message, err.statusCode], [kind, message, status]);
    }
  });
  it('defaults the tag so a pull never fetches every tag', () => {
    const table = [['busybox', 'busybox:latest'], ['a/b:1', 'a/b:1'], ['host:5000/a', 'host:5000/a:latest'], ['a@sha256:00', 'a@sha256:00']];
    for (const [ref, expected] of table) assert.equal(withDefaultTag(ref), expected);
  });
  it('reports an unreachable engine as Unavailable', async () => {
    for (const opts of [{ socketPath: '/nonexistent/docker.sock' }, { dockerHost: 'tcp://127.0.0.1:1' }]) {
      const rt = new DockerRuntime(opts);
      await assert.rejects(rt.info(), assertRuntimeError('Unavailable'));
      await rt.close();
    }
  });
});

describe('DockerRuntime against a scripted engine', () => {
  it('event stream reassembles split lines, reconnects with since, and drops replayed events', async () => {
    const ev = (id: string, time: number) => `${JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: id, Attributes: {} }, time, timeNano: time * 1e9 })}\n`;
    const queries: URLSearchParams[] = [];
    await withScriptedEngine((req, res) => {
      queries.push(new URL(req.url ?? '', 'http://x').searchParams);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (queries.length === 1) {
        const first = ev('c1', 100);
        res.write(first.slice(0, 10));
        setTimeout(() => res.end(first.slice(10)), 20); // stream ends: the client must reconnect
      } else {
        res.write(ev('c1', 100) + ev('c2', 101)); // replay of c1 since time 100, then a new event
      }
    }, async (rt) => {
      const ids: string[] = [];
      const unsubscribe = rt.subscribe((e) => ids.push(e.containerId));
      await waitFor('two events', () => ids.length >= 2, 5_000);
      unsubscribe();
      assert.deepEqual(ids, ['c1', 'c2']);
      assert.equal(queries[1].get('since'), '100');
      assert.deepEqual(JSON.parse(queries[0].get('filters') ?? '').type, ['container']);
    });
  });

  it('pull fails with the error found inside a 200 progress stream, and sends registry auth', async () => {
    let url = '';
    let auth = '';
    await withScriptedEngine((req, res) => {
      url = req.url ?? '';
      auth = String(req.headers['x-registry-auth']);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":"Pulling from library/app"}\n{"errorDetail":{"message":"manifest unknown"},');
      res.end('"error":"manifest unknown"}\n');
    }, async (rt) => {
      const creds = { username: 'u', password: 'p?>', serverAddress: 'reg:5000' };
      await assert.rejects(rt.pullImage('reg:5000/app', creds), { kind: 'PullFailed', message: 'manifest unknown' });
      assert.equal(new URL(url, 'http://x').searchParams.get('fromImage'), 'reg:5000/app:latest');
      const decoded = JSON.parse(Buffer.from(auth.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString());
      assert.deepEqual(decoded, { username: 'u', password: 'p?>', serveraddress: 'reg:5000' });
    });
  });
});

describe('DockerRuntime engine behaviour', () => {
  const run = randomBytes(4).toString('hex');
  const labels = { 'berth.test': run };
  const rt = new DockerRuntime();
  const client = new EngineClient();
  let image = '';
  let seq = 0;
  const start = async (overrides: Partial<ContainerSpec>): Promise<string> => {
    const id = await rt.createContainer({ name: `berth-test-${run}-d${++seq}`, image, labels, networkMode: 'bridge', ...overrides });
    await rt.startContainer(id);
    return id;
  };
  const logs = async (id: string) => readBody(await client.stream('GET', `/containers/${id}/logs`, { query: { stdout: 1, stderr: 1 } }));

  before(async () => {
    image = await ensureBusyboxImage();
  });
  after(async () => {
    try {
      for (const c of await rt.listContainers(labels)) await rt.removeContainer(c.id, { force: true });
    } finally {
      await rt.close();
      client.destroy();
    }
  });

  it('honours a custom stop signal (API 1.41 ignores it on /stop)', async () => {
    const id = await start({ command: ['sh', '-c', 'trap "exit 42" USR1; echo ready; while true; do sleep 0.1; done'] });
    await waitFor('trap installed', async () => (await logs(id)).includes('ready'));
    await rt.stopContainer(id, { signal: 'SIGUSR1', timeoutSeconds: 20 });
    assert.equal((await rt.inspectContainer(id))?.exitCode, 42);
  });

  it('escalates to SIGKILL after the timeout, with or without an explicit signal', async () => {
    for (const signal of [undefined, 'SIGTERM']) {
      const id = await start({ command: ['sleep', '600'] }); // PID 1 without a handler ignores SIGTERM
      const t0 = Date.now();
      await rt.stopContainer(id, { signal, timeoutSeconds: 1 });
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 900 && elapsed < 10_000, `stopped after ${elapsed}ms`);
      assert.equal((await rt.inspectContainer(id))?.exitCode, 137);
    }
  });

  it('reports health through inspect and health events', async () => {
    const events: RuntimeEvent[] = [];
    const unsubscribe = rt.subscribe((e) => events.push(e));
    try {
      const healthCheck = { test: ['CMD', 'true'], intervalSeconds: 1, timeoutSeconds: 5, retries: 1, startPeriodSeconds: 0 };
      const id = await start({ command: ['sleep', '600'], healthCheck });
      assert.equal((await rt.inspectContainer(id))?.health, 'starting');
      await waitFor('health event', () => events.find((e) => e.containerId === id && e.type === 'health'));
      assert.equal((await rt.inspectContainer(id))?.health, 'healthy');
    } finally {
      unsubscribe();
    }
  });

  it('publishes a reachable port', async () => {
    const id = await start({ command: ['httpd', '-f', '-p', '8080', '-h', '/etc'], portBindings: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }] });
    const port = (await rt.inspectContainer(id))?.ports[0].hostPort;
    const body = await waitFor('httpd to answer', () => fetch(`http://127.0.0.1:${port}/group`).then((r) => r.text(), () => ''));
    assert.match(body, /^root:x:0:/);
  });
});
