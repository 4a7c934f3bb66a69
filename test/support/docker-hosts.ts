/**
 * Several real Docker hosts on this one machine, for multi-host tests (root only).
 *
 * Each host is a dockerd in a network namespace of its own (`berth-th-<name>`), in its own
 * UTS namespace (hostname `berth-th-<name>`), with its own --data-root
 * (/var/lib/berth-test-hosts/<name>), --exec-root, pidfile, containerd and cgroup parent
 * (/berth-th-<name>). The root namespace reaches it through:
 *
 * - its unix socket, /run/berth-test-hosts/<name>/docker.sock (a file, so any namespace sees it);
 * - its address 10.203.0.(10+index) on bridge berth-th0 (10.203.0.1/24, root namespace), for
 *   published ports and, with `tls`, the engine on tcp://<ip>:2376 (client certificates in
 *   `tcp.certDir`, as DOCKER_CERT_PATH).
 *
 * Inside the namespace dockerd keeps its usual docker0 (172.17.0.0/16), iptables NAT and
 * FORWARD rules: bridges and iptables are per network namespace, so none of it touches the
 * system engine's. The namespace has no default route and containers get 10.203.0.1 as DNS
 * server (nothing answers): a host can reach the bridge and the other hosts, never the internet.
 * Plumbing and teardown are in scripts/docker-host-ns.sh.
 *
 * The test image (ensureBusyboxImage(), on the system engine) is saved once and loaded into
 * every host. `cpus` pins a host's daemon to some CPUs (taskset), so its engine reports only
 * those; memory is the machine's for every host.
 *
 * startDockerHosts() first removes whatever a crashed earlier run left behind (everything named
 * berth-th*); stopAllDockerHosts() removes everything, idempotently. One test process at a time.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EngineClient, readBody } from '../../src/runtime/docker/engine-client.js';
import { ensureBusyboxImage } from './busybox-image.js';
import { createPki, serverCert, type Pki } from './docker-hosts-pki.js';

const run = promisify(execFile);

const RUN_DIR = '/run/berth-test-hosts';
const DATA_DIR = '/var/lib/berth-test-hosts';
const CGROUP_ROOT = '/sys/fs/cgroup';
const NET_SCRIPT = resolve(__dirname, '../../../scripts/docker-host-ns.sh');
/** The root namespace's address on the hosts' bridge: where a host reaches services of this machine. */
export const BRIDGE_IP = '10.203.0.1';
const READY_MS = 30_000;

export interface DockerHostSpec {
  /** 1-8 of a-z and 0-9. */
  name: string;
  /** Also listen on tcp://<ip>:2376 with TLS and client certificates. */
  tls?: boolean;
  /** taskset CPU list (e.g. "0"): the engine reports only these CPUs. */
  cpus?: string;
}

export interface DockerHost {
  name: string;
  /** Network namespace, for `ip netns exec` / `nsenter --net=/run/netns/<netns>`. */
  netns: string;
  socketPath: string;
  /** The host's address, reachable from the root namespace (published ports, the TLS engine). */
  ip: string;
  /** With `tls`: the engine's URL and the client's DOCKER_CERT_PATH. */
  tcp?: { url: string; certDir: string };
  /** The test image, loaded into this host. */
  image: string;
  /** From the start of this host's plumbing to its image being loaded. */
  startMs: number;
  /** Stops the daemon and removes the host (netns, veth, mounts, cgroups, directories); idempotent. */
  stop(): Promise<void>;
}

const used = new Map<string, number>(); // name → index
let pruned: Promise<void> | undefined;
let pki: Promise<Pki> | undefined;
const imageTars = new Map<string, Promise<Buffer>>();

/** Starts the hosts in parallel; if one fails, those already started are stopped. */
export async function startDockerHosts(specs: DockerHostSpec[], opts: { image?: string } = {}): Promise<DockerHost[]> {
  pruned ??= netScript('prune');
  await pruned;
  const image = opts.image ?? 'berth-test/busybox:1';
  const [tar] = await Promise.all([imageTar(image), specs.some((s) => s.tls) ? (pki ??= createPki(join(RUN_DIR, 'pki'))) : undefined]);
  const results = await Promise.allSettled(specs.map((spec) => startHost(spec, image, tar)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const hosts = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    await Promise.all(hosts.map((h) => h.stop()));
    throw failed.reason;
  }
  return hosts;
}

/** Removes every test host, the bridge and its iptables rule, including leftovers of earlier runs. */
export async function stopAllDockerHosts(): Promise<void> {
  await netScript('prune');
  used.clear();
  pki = undefined;
  pruned = undefined;
}

/** What a run could leave behind: anything named after the harness (netns, links, processes, mounts, cgroups, dirs, iptables rules). */
export async function dockerHostLeftovers(): Promise<string[]> {
  const lines = async (cmd: string, args: string[]) => (await run(cmd, args)).stdout.split('\n');
  const ours = (l: string) => l.includes(RUN_DIR) || l.includes(DATA_DIR);
  const netns = (await lines('ip', ['netns', 'list'])).filter((l) => l.startsWith('berth-th-'));
  const links = (await lines('ip', ['-o', 'link', 'show'])).map((l) => l.split(': ')[1] ?? '').filter((l) => /^(bth-|berth-th)/.test(l));
  const procs = (await lines('ps', ['-eo', 'pid=,args='])).filter(ours);
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter(ours);
  const rules = (await lines('iptables', ['-S'])).filter((l) => l.includes('berth-th'));
  const cgroups = await cgroupLeftovers();
  const dirs = [RUN_DIR, DATA_DIR].filter((d) => existsSync(d));
  return [
    ...netns.map((n) => `netns ${n}`), ...links.map((l) => `link ${l}`), ...procs.map((p) => `process ${p.trim()}`),
    ...mounts.map((m) => `mount ${m}`), ...rules.map((r) => `iptables ${r}`), ...cgroups.map((c) => `cgroup ${c}`),
    ...dirs.map((d) => `dir ${d}`),
  ];
}

/** Host cgroups (berth-th-<name>) at the top of each v1 hierarchy, or of the v2 one. */
async function cgroupLeftovers(): Promise<string[]> {
  const subdirs = async (dir: string) => (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
  const hierarchies = [CGROUP_ROOT, ...(await subdirs(CGROUP_ROOT))];
  const found = await Promise.all(hierarchies.map(async (h) => (await subdirs(h)).filter((d) => d.slice(h.length + 1).startsWith('berth-th-'))));
  return found.flat();
}

function netScript(...args: string[]): Promise<void> {
  return run(NET_SCRIPT, args).then(() => undefined, (err: { stderr?: string; message: string }) => {
    throw new Error(`docker-host-ns.sh ${args.join(' ')}: ${err.stderr || err.message}`);
  });
}

/** The test image as a `docker save` archive, read once per process. */
function imageTar(image: string): Promise<Buffer> {
  let tar = imageTars.get(image);
  if (!tar) {
    tar = (async () => {
      await ensureBusyboxImage(image);
      return (await run('docker', ['save', image], { encoding: 'buffer', maxBuffer: 1 << 30 })).stdout;
    })();
    imageTars.set(image, tar);
  }
  return tar;
}

function claimIndex(name: string): number {
  if (!/^[a-z0-9]{1,8}$/.test(name)) throw new Error(`bad test host name ${JSON.stringify(name)}: 1-8 of a-z, 0-9`);
  if (used.has(name)) throw new Error(`test host ${name} is already running`);
  const taken = new Set(used.values());
  let index = 1;
  while (taken.has(index)) index++;
  used.set(name, index);
  return index;
}

async function startHost(spec: DockerHostSpec, image: string, tar: Buffer): Promise<DockerHost> {
  const t0 = Date.now();
  const index = claimIndex(spec.name);
  const netns = `berth-th-${spec.name}`;
  const ip = `10.203.0.${10 + index}`;
  const dir = join(RUN_DIR, spec.name);
  const socketPath = join(dir, 'docker.sock');
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= netScript('down', spec.name).then(() => { used.delete(spec.name); });
    return stopped;
  };
  try {
    await netScript('up', spec.name, String(index));
    await mkdir(dir, { recursive: true });
    const tcp = spec.tls ? await tlsFlags(spec.name, ip) : undefined;
    const daemon = spawnDockerd(spec, dir, tcp?.flags ?? []);
    await waitReady(socketPath, daemon, join(dir, 'dockerd.log'));
    await loadImage(socketPath, tar);
    return { name: spec.name, netns, socketPath, ip, tcp: tcp && { url: tcp.url, certDir: tcp.certDir }, image, startMs: Date.now() - t0, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function tlsFlags(name: string, ip: string): Promise<{ url: string; certDir: string; flags: string[] }> {
  const p = await pki!;
  const cert = await serverCert(p, name, ip);
  const flags = ['-H', `tcp://${ip}:2376`, '--tlsverify', '--tlscacert', cert.caPath, '--tlscert', cert.certPath, '--tlskey', cert.keyPath];
  return { url: `tcp://${ip}:2376`, certDir: p.clientDir, flags };
}

/**
 * dockerd via nsenter, not `ip netns exec`: that one remounts /sys for the namespace, which
 * hides /sys/fs/cgroup from the daemon. Detached, so a crashed test leaves it to the next prune.
 */
function spawnDockerd(spec: DockerHostSpec, dir: string, extra: string[]): ChildProcess {
  const netns = `berth-th-${spec.name}`;
  const flags = [
    '--data-root', join(DATA_DIR, spec.name), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'docker.pid'),
    '-H', `unix://${join(dir, 'docker.sock')}`, '--config-file', join(dir, 'daemon.json'),
    '--cgroup-parent', `/${netns}`, '--dns', BRIDGE_IP, '--shutdown-timeout', '2',
    // Distinct even though each daemon starts its own containerd: a system containerd would be shared.
    '--containerd-namespace', netns, '--containerd-plugins-namespace', `${netns}-plugins`,
    ...extra,
  ];
  const command = [
    ...(spec.cpus ? ['taskset', '-c', spec.cpus] : []),
    'nsenter', `--net=/run/netns/${netns}`, 'unshare', '--uts', '--',
    'sh', '-c', 'hostname "$1" && shift && exec "$@"', 'sh', netns, 'dockerd', ...flags,
  ];
  // Not the machine's /etc/docker/daemon.json (the system engine's): only the bridge's registry
  // (Berth's, reached at BRIDGE_IP) is trusted over plain HTTP, as an operator would configure it.
  writeFileSync(join(dir, 'daemon.json'), `${JSON.stringify({ 'insecure-registries': [`${BRIDGE_IP}/32`] })}\n`);
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  try {
    const child = spawn(command[0], command.slice(1), { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

/** Polls /_ping until the daemon answers; fails at once, with its log, if it exits. */
async function waitReady(socketPath: string, daemon: ChildProcess, logPath: string): Promise<void> {
  let exited: string | undefined;
  daemon.once('exit', (code, signal) => { exited = `dockerd exited with ${code ?? signal}`; });
  const client = new EngineClient({ socketPath });
  const deadline = Date.now() + READY_MS;
  try {
    for (;;) {
      // /_ping answers plain "OK", not JSON.
      const ok = await client.stream('GET', '/_ping', { timeoutMs: 2000 }).then(readBody).then(() => true, () => false);
      if (ok) return;
      if (exited || Date.now() > deadline) {
        const log = (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
        throw new Error(`${exited ?? `dockerd not ready after ${READY_MS} ms`} (${socketPath}):\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    client.destroy();
  }
}

/** `docker load` through the Engine API; a failure comes inside the 200 progress stream. */
async function loadImage(socketPath: string, tar: Buffer): Promise<void> {
  const client = new EngineClient({ socketPath });
  try {
    const res = await client.stream('POST', '/images/load', { query: { quiet: 1 }, raw: { data: tar, contentType: 'application/x-tar' }, timeoutMs: 60_000 });
    const lines = (await readBody(res)).split('\n').filter((l) => l.trim());
    const error = lines.map((l) => (JSON.parse(l) as { error?: string }).error).find((e) => e !== undefined);
    if (error !== undefined) throw new Error(`loading the test image into ${socketPath}: ${error}`);
  } finally {
    client.destroy();
  }
}
