/**
 * Berth's DockerRuntime against three real Docker hosts on this machine (test/support/docker-hosts.ts):
 * two over their unix sockets, one over TCP with TLS and client certificates, and one of them
 * again over ssh. Containers publish ports reachable from the root namespace at the host's IP;
 * each engine sees only its own; a stopped host is reported unreachable; nothing is left behind.
 * Then the runtime conformance suite against a namespaced host over TLS.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { runtimeConformance, waitFor } from '../../src/runtime/conformance.js';
import { DockerRuntime } from '../../src/runtime/docker/docker-runtime.js';
import { RuntimeError, type RuntimeEvent } from '../../src/runtime/runtime.js';
import { dockerHostLeftovers, startDockerHosts, stopAllDockerHosts, type DockerHost } from '../support/docker-hosts.js';
import { startSshd } from '../support/docker-hosts-sshd.js';

const run = promisify(execFile);

async function memTotalBytes(): Promise<number> {
  const kb = /^MemTotal:\s+(\d+) kB/m.exec(await readFile('/proc/meminfo', 'utf8'))?.[1];
  return Number(kb) * 1024;
}

describe('three namespaced Docker hosts', () => {
  const labels = { 'berth.test': randomBytes(4).toString('hex') };
  let hosts: DockerHost[] = [];
  let runtimes: DockerRuntime[] = [];
  const published = new Map<string, { id: string; port: number }>();

  before(async () => {
    hosts = await startDockerHosts([{ name: 'a', cpus: '0' }, { name: 'b' }, { name: 'c', tls: true, cpus: '1' }]);
    for (const h of hosts) console.log(`docker host ${h.name}: ${h.ip}, ready in ${h.startMs} ms`);
    runtimes = hosts.map((h) => (h.tcp ? new DockerRuntime({ dockerHost: h.tcp.url, tls: { certDir: h.tcp.certDir } }) : new DockerRuntime({ socketPath: h.socketPath })));
  });
  after(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    await stopAllDockerHosts();
  });

  it('reports each engine\'s own hostname and CPUs, and the machine\'s memory', async () => {
    const memory = await memTotalBytes();
    const infos = await Promise.all(runtimes.map((r) => r.info()));
    assert.deepEqual(infos.map((i) => [i.hostname, i.cpus, i.memoryBytes]), [['berth-th-a', 1, memory], ['berth-th-b', 2, memory], ['berth-th-c', 1, memory]]);
  });

  it('runs a container on each host, reachable from the root namespace at the host\'s IP and published port', async () => {
    await Promise.all(hosts.map(async (host, i) => {
      const id = await runtimes[i].createContainer({
        name: `berth-test-web-${labels['berth.test']}`, image: host.image, labels, networkMode: 'bridge', env: [`HOST=${host.name}`],
        command: ['sh', '-c', 'mkdir /tmp/www && echo "$HOST" > /tmp/www/id && exec httpd -f -p 8080 -h /tmp/www'],
        portBindings: [{ containerPort: 8080, protocol: 'tcp', hostIp: host.ip }],
      });
      await runtimes[i].startContainer(id);
      const port = (await runtimes[i].inspectContainer(id))!.ports[0].hostPort;
      published.set(host.name, { id, port });
      const body = await waitFor(`httpd on ${host.name}`, () => fetch(`http://${host.ip}:${port}/id`).then((r) => (r.ok ? r.text() : ''), () => ''));
      assert.equal(body.trim(), host.name);
    }));
  });

  it('shows each engine only its own containers', async () => {
    for (const [i, host] of hosts.entries()) {
      assert.deepEqual((await runtimes[i].listContainers(labels)).map((c) => c.id), [published.get(host.name)!.id], host.name);
    }
  });

  it('keeps each engine\'s port forwarding inside its own namespace', async () => {
    const iptables = ['iptables', '-t', 'nat', '-S'];
    const nat = async (netns?: string) => (netns ? await run('ip', ['netns', 'exec', netns, ...iptables]) : await run(iptables[0], iptables.slice(1))).stdout;
    assert.doesNotMatch(await nat(), /10\.203\.0\./);
    for (const host of hosts) assert.match(await nat(host.netns), new RegExp(`-d ${host.ip}/32 .*--dport ${published.get(host.name)!.port} .*DNAT`));
  });

  it('lets the hosts reach each other over the bridge', async () => {
    const { port } = published.get('b')!;
    const fetchBody = 'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t))';
    const { stdout } = await run('nsenter', [`--net=/run/netns/${hosts[0].netns}`, process.execPath, '-e', fetchBody, `http://${hosts[1].ip}:${port}/id`]);
    assert.equal(stdout.trim(), 'b');
  });

  it('reaches host b over ssh, events stream included', async () => {
    const access = await startSshd(hosts[1]);
    const ssh = new DockerRuntime({ dockerHost: access.dockerHost, ssh: { ...access, options: { StrictHostKeyChecking: 'yes' } } });
    const events: RuntimeEvent[] = [];
    const unsubscribe = ssh.subscribe((e) => events.push(e));
    try {
      assert.equal((await ssh.info()).hostname, 'berth-th-b');
      assert.deepEqual((await ssh.listContainers(labels)).map((c) => c.id), [published.get('b')!.id]);
      const id = await ssh.createContainer({ name: `berth-test-ssh-${labels['berth.test']}`, image: hosts[1].image, labels, networkMode: 'none', command: ['sleep', '600'] });
      await ssh.startContainer(id);
      await waitFor('a start event over ssh', () => events.find((e) => e.containerId === id && e.type === 'start'));
      await ssh.removeContainer(id, { force: true });
    } finally {
      unsubscribe();
      await ssh.close();
    }
  });

  it('reports a stopped host unreachable within a bounded time', async () => {
    await hosts[2].stop();
    const t0 = Date.now();
    await assert.rejects(runtimes[2].info(), (err) => err instanceof RuntimeError && ['Unavailable', 'Timeout'].includes(err.kind));
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
    assert.equal((await runtimes[0].info()).hostname, 'berth-th-a', 'the other hosts keep running');
  });

  it('leaves no namespace, link, process or directory behind', async () => {
    await stopAllDockerHosts();
    assert.deepEqual(await dockerHostLeftovers(), []);
  });
});

runtimeConformance('DockerRuntime on a namespaced host over TLS', async () => {
  const [host] = await startDockerHosts([{ name: 'conf', tls: true }]);
  const runtime = new DockerRuntime({ dockerHost: host.tcp!.url, tls: { certDir: host.tcp!.certDir } });
  return {
    runtime, image: host.image,
    cleanup: async () => {
      await runtime.close();
      await stopAllDockerHosts();
    },
  };
});
