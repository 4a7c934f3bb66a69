import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertRuntimeError } from '../conformance.js';
import { EngineClient } from './engine-client.js';
import { parseSshHost, resolveEndpoint, sshArgs, type SshOptions } from './engine-endpoint.js';

describe('resolveEndpoint: tcp with TLS', () => {
  const files = (dir: string) => ({ caPath: `${dir}/ca.pem`, certPath: `${dir}/cert.pem`, keyPath: `${dir}/key.pem` });

  it('takes ca.pem, cert.pem and key.pem from a directory and defaults to port 2376', () => {
    assert.deepEqual(resolveEndpoint({ dockerHost: 'tcp://10.0.0.2', tls: { certDir: '/c' } }, {}), { host: '10.0.0.2', port: 2376, tls: files('/c') });
  });
  it('takes explicit paths and keeps an explicit port', () => {
    const tls = { caPath: '/a', certPath: '/b', keyPath: '/c' };
    assert.deepEqual(resolveEndpoint({ dockerHost: 'tcp://h:9999', tls }, {}), { host: 'h', port: 9999, tls });
  });
  it('follows DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as the docker CLI does', () => {
    const env = { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
    assert.deepEqual(resolveEndpoint({}, env), { host: 'h', port: 2376, tls: files('/certs') });
    assert.deepEqual(resolveEndpoint({}, { ...env, DOCKER_CERT_PATH: '' }), { host: 'h', port: 2376, tls: files(join(homedir(), '.docker')) });
    assert.deepEqual(resolveEndpoint({}, { ...env, DOCKER_TLS_VERIFY: '' }), { host: 'h', port: 2376 });
  });
  it('ignores TLS settings for a unix socket', () => {
    assert.deepEqual(resolveEndpoint({ dockerHost: 'unix:///s', tls: { certDir: '/c' } }, { DOCKER_TLS_VERIFY: '1' }), { socketPath: '/s' });
  });
  it('fails at construction, naming the file, when a certificate is missing', () => {
    assert.throws(() => new EngineClient({ dockerHost: 'tcp://h', tls: { certDir: '/nonexistent' } }), (err) => {
      assertRuntimeError('Unavailable')(err);
      return /\/nonexistent\/ca\.pem/.test((err as Error).message);
    });
  });
});

describe('ssh endpoints', () => {
  it('parses user, host and port', () => {
    assert.deepEqual(resolveEndpoint({ dockerHost: 'ssh://deploy@build-1.example:2222' }, {}), { ssh: { user: 'deploy', host: 'build-1.example', port: 2222 } });
    assert.deepEqual(parseSshHost('ssh://10.203.0.11'), { host: '10.203.0.11' });
    assert.deepEqual(parseSshHost('ssh://u@[fd00::1]:22'), { user: 'u', host: 'fd00::1', port: 22 });
  });
  it('refuses what could reach ssh as an option, and what the docker CLI refuses', () => {
    const bad = [
      'ssh://-oProxyCommand=touch%20x@h', 'ssh://u@-oProxyCommand=x', 'ssh://-h', 'ssh://u%20v@h', 'ssh://u:secret@h',
      'ssh://h/path', 'ssh://h?x=1', 'ssh://h:0', 'ssh://h:99999', 'ssh://',
    ];
    for (const dockerHost of bad) assert.throws(() => resolveEndpoint({ dockerHost }, {}), assertRuntimeError('Unavailable'), dockerHost);
  });
  it('builds ssh argv with the host after "--" and a fixed remote command', () => {
    assert.deepEqual(sshArgs({ user: 'u', host: 'h', port: 2222 }, { identityFile: '/k', knownHostsFile: '/kh', options: { StrictHostKeyChecking: 'yes' }, connectTimeoutSeconds: 5 }), [
      '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '-T', '-l', 'u', '-p', '2222', '-i', '/k', '-o', 'UserKnownHostsFile=/kh',
      '-o', 'StrictHostKeyChecking=yes', '--', 'h', 'docker', 'system', 'dial-stdio',
    ]);
    assert.deepEqual(sshArgs({ host: 'h' }), ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-T', '--', 'h', 'docker', 'system', 'dial-stdio']);
  });
  it('refuses option names and paths that could smuggle in other arguments', () => {
    const cases: SshOptions[] = [{ identityFile: '-oProxyCommand=x' }, { knownHostsFile: 'a\nb' }, { options: { 'A=B -oX': 'y' } }, { options: { ProxyCommand: 'a\nb' } }];
    for (const opts of cases) {
      assert.throws(() => sshArgs({ host: 'h' }, opts), assertRuntimeError('Unavailable'), JSON.stringify(opts));
    }
  });
});

/**
 * The ssh transport end to end without sshd: a fake `ssh` first on PATH logs its argv
 * and pipes stdin/stdout to an http server's unix socket, as `docker system dial-stdio` would.
 */
describe('ssh transport through a stand-in ssh', () => {
  let dir = '';
  let savedPath: string | undefined;
  let server: http.Server;
  const log = () => readFile(join(dir, 'argv.log'), 'utf8').then((t) => t.trim().split('\n'), () => []);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-fake-ssh-'));
    const socket = join(dir, 'engine.sock');
    server = http.createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    const pipe = `const s = require('net').connect(${JSON.stringify(socket)}); process.stdin.pipe(s); s.pipe(process.stdout);`;
    const script = [
      '#!/bin/sh',
      `printf '%s\\n' "$*" >> ${dir}/argv.log`,
      'case "$*" in *unreachable*) echo "ssh: connect to host unreachable port 22: Connection refused" >&2; exit 255;; esac',
      `exec ${process.execPath} -e ${JSON.stringify(pipe)}`,
    ];
    await writeFile(join(dir, 'ssh'), `${script.join('\n')}\n`);
    await chmod(join(dir, 'ssh'), 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `${dir}:${savedPath}`;
  });
  after(async () => {
    process.env.PATH = savedPath;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('speaks HTTP over ssh and reuses the pooled connection', async () => {
    const client = new EngineClient({ dockerHost: 'ssh://u@h:2222' });
    try {
      assert.deepEqual(await client.request('GET', '/_ping'), { path: '/v1.41/_ping' });
      assert.deepEqual(await client.request('GET', '/info'), { path: '/v1.41/info' });
    } finally {
      client.destroy();
    }
    assert.deepEqual(await log(), ['-o BatchMode=yes -o ConnectTimeout=30 -T -l u -p 2222 -- h docker system dial-stdio']);
  });

  it('reports a failed ssh as Unavailable with its message', async () => {
    const client = new EngineClient({ dockerHost: 'ssh://unreachable' });
    try {
      await assert.rejects(client.request('GET', '/_ping'), (err) => {
        assertRuntimeError('Unavailable')(err);
        return /Connection refused/.test((err as Error).message);
      });
    } finally {
      client.destroy();
    }
  });
});
