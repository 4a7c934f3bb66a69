/**
 * An sshd inside a test Docker host's network namespace, so the engine can be reached as
 * ssh://root@<ip>:<port> the way the docker CLI does it (`docker system dial-stdio` on the
 * remote side). Generated host and client keys; sshd sets DOCKER_HOST for the session to the
 * host's own socket, so dial-stdio reaches that host's engine rather than the system one.
 * The daemon lives in the host's netns, so the host's stop() kills it with the rest.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DockerHost } from './docker-hosts.js';

const run = promisify(execFile);

export interface SshAccess {
  /** ssh://root@<ip>:<port> */
  dockerHost: string;
  identityFile: string;
  knownHostsFile: string;
}

export const SSHD = '/usr/sbin/sshd';

export async function startSshd(host: DockerHost, port = 2222): Promise<SshAccess> {
  const dir = join(host.socketPath, '..', 'sshd');
  await mkdir(dir, { recursive: true });
  await mkdir('/run/sshd', { recursive: true }); // sshd's privilege separation directory
  const keygen = (file: string) => run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `berth-test-${host.name}`, '-f', join(dir, file)]);
  await Promise.all([keygen('host_key'), keygen('client_key')]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')));
  const hostKey = (await readFile(join(dir, 'host_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
  await writeFile(join(dir, 'known_hosts'), `[${host.ip}]:${port} ${hostKey}\n`);
  await writeFile(join(dir, 'sshd_config'), [
    `Port ${port}`, `ListenAddress ${host.ip}`, `HostKey ${join(dir, 'host_key')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `PidFile ${join(dir, 'sshd.pid')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', `SetEnv DOCKER_HOST=unix://${host.socketPath}`, '',
  ].join('\n'));
  const log = openSync(join(dir, 'sshd.log'), 'a');
  try {
    const args = ['--net=/run/netns/' + host.netns, SSHD, '-D', '-e', '-f', join(dir, 'sshd_config')];
    spawn('nsenter', args, { detached: true, stdio: ['ignore', log, log] }).unref();
  } finally {
    closeSync(log);
  }
  await waitListening(host.ip, port, join(dir, 'sshd.log'));
  return { dockerHost: `ssh://root@${host.ip}:${port}`, identityFile: join(dir, 'client_key'), knownHostsFile: join(dir, 'known_hosts') };
}

async function waitListening(ip: string, port: number, logPath: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await connects(ip, port))) {
    if (Date.now() > deadline) throw new Error(`sshd not listening on ${ip}:${port}: ${await readFile(logPath, 'utf8').catch(() => '')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function connects(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, ip, () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}
