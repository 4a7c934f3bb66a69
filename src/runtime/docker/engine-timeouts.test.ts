import assert from 'node:assert/strict';
import type http from 'node:http';
import { describe, it } from 'node:test';
import { assertRuntimeError, waitFor } from '../conformance.js';
import type { DockerRuntime } from './docker-runtime.js';
import { withScriptedEngine } from './scripted-engine.js';
import { DEFAULT_TIMEOUTS, type EngineTimeouts } from './timeouts.js';

const every = (ms: number) => Object.fromEntries(Object.keys(DEFAULT_TIMEOUTS).map((k) => [k, ms])) as unknown as EngineTimeouts;

/** An engine that accepts every request and never answers (until the test's server closes). */
const hang: http.RequestListener = () => {};

const INFO = { ServerVersion: 'scripted', NCPU: 1, MemTotal: 1, Name: 'scripted', CgroupDriver: 'systemd' };

function answerInfo(res: http.ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(INFO));
}

const rejectsWith = (kind: 'Timeout' | 'Other', message: string | RegExp) => (err: unknown) => {
  assertRuntimeError(kind)(err);
  if (typeof message === 'string') assert.equal((err as Error).message, message);
  else assert.match((err as Error).message, message);
  return true;
};

describe('Docker Engine calls with time limits', () => {
  it('bounds every call kind and names the call and its limit', async () => {
    const spec = { name: 'c', image: 'img:1', labels: {}, networkMode: 'bridge' };
    const calls: [string, (rt: DockerRuntime) => Promise<unknown>][] = [
      ['get info', (rt) => rt.info()],
      ['get info', (rt) => rt.createCgroup('t', { memoryBytes: 1 })],
      ['inspect image', (rt) => rt.imageExists('img:1')],
      ['import image img:1', (rt) => rt.importImage('img:1', Buffer.alloc(0), [])],
      ['create container', (rt) => rt.createContainer(spec)],
      ['start container', (rt) => rt.startContainer('c')],
      ['stop container', (rt) => rt.stopContainer('c', { timeoutSeconds: 0 })],
      ['kill container', (rt) => rt.stopContainer('c', { signal: 'SIGTERM', timeoutSeconds: 0 })],
      ['remove container', (rt) => rt.removeContainer('c')],
      ['inspect container', (rt) => rt.inspectContainer('c')],
      ['list containers', (rt) => rt.listContainers({})],
      ['inspect network', (rt) => rt.ensureNetwork({ name: 'n', subnet: '10.0.0.0/24', gateway: '10.0.0.1', labels: {} })],
      ['remove network', (rt) => rt.removeNetwork('n')],
      ['list networks', (rt) => rt.listNetworks({})],
      ['create volume', (rt) => rt.ensureVolume('v', {})],
      ['remove volume', (rt) => rt.removeVolume('v')],
    ];
    await withScriptedEngine(hang, async (rt) => {
      const t0 = Date.now();
      await Promise.all(calls.map(([name, call]) =>
        assert.rejects(call(rt), rejectsWith('Timeout', `docker engine: ${name} timed out after 0.1 s`))));
      assert.ok(Date.now() - t0 < 5_000, 'rejected long before the hung engine would answer');
    }, { timeouts: every(100) });
  });

  it('keeps other calls going while one hangs, and asks /info again after a timed-out one', async () => {
    let infos = 0;
    await withScriptedEngine((req, res) => {
      if (req.url?.includes('/containers/create')) return; // hangs
      if (++infos > 1) answerInfo(res); // the first /info hangs
    }, async (rt) => {
      let createSettled = false;
      const spec = { name: 'c', image: 'i', labels: {}, networkMode: 'bridge' };
      const create = assert.rejects(rt.createContainer(spec), rejectsWith('Timeout', /create container/)).finally(() => { createSettled = true; });
      await assert.rejects(rt.createCgroup('t', {}), rejectsWith('Timeout', /get info/));
      assert.equal(await rt.createCgroup('t', {}), undefined, 'not cgroupfs: the runtime limits each container instead');
      assert.equal((await rt.info()).serverVersion, 'scripted');
      assert.equal(createSettled, false, 'answered while the create still hung');
      await create;
    }, { timeouts: { create: 3_000, info: 200 } });
  });

  it('cancels a pull through its signal, freeing the engine connection', async () => {
    const pulls: http.ServerResponse[] = [];
    const closed: http.ServerResponse[] = [];
    await withScriptedEngine((req, res) => {
      if (!req.url?.includes('/images/create')) return answerInfo(res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":"Pulling from library/big"}\n'); // then nothing: a pull the default limit would wait a minute for
      res.on('close', () => closed.push(res));
      pulls.push(res);
    }, async (rt) => {
      const abort = new AbortController();
      const pull = rt.pullImage('big:1', undefined, { signal: abort.signal });
      await waitFor('the pull to reach the engine', () => pulls.length === 1, 5_000);
      assert.equal((await rt.info()).serverVersion, 'scripted', 'other calls proceed meanwhile');
      abort.abort();
      await assert.rejects(pull, rejectsWith('Other', 'docker engine: pull image big:1 aborted'));
      await waitFor('the engine to see the pull go away', () => closed.length === 1, 5_000);
    });
  });

  it('lets a pull that keeps reporting progress outlive its idle limit, and times out a stalled one', async () => {
    await withScriptedEngine((req, res) => {
      const ref = new URL(req.url ?? '', 'http://x').searchParams.get('fromImage');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let n = 0;
      const progress = () => res.write(`{"status":"Downloading","progressDetail":{"current":${++n}}}\n`);
      progress();
      if (ref === 'stalls:1') return; // one line, then silence
      const timer = setInterval(() => (n < 12 ? progress() : res.end('{"status":"Downloaded newer image"}\n')), 100);
      res.on('close', () => clearInterval(timer));
    }, async (rt) => {
      const t0 = Date.now();
      await rt.pullImage('steady:1');
      assert.ok(Date.now() - t0 > 600, 'the steady pull lasted longer than the idle limit');
      await assert.rejects(rt.pullImage('stalls:1'), rejectsWith('Timeout', 'docker engine: pull image stalls:1 made no progress for 0.6 s'));
    }, { timeouts: { pullIdle: 600 } });
  });

  it('bounds a one-off read of logs by inactivity; a followed one waits, and its signal frees the connection', async () => {
    const follows: http.ServerResponse[] = [];
    const closed: http.ServerResponse[] = [];
    await withScriptedEngine((req, res) => {
      if (req.url?.includes('/json')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"Config":{"Tty":false}}');
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
      res.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 33, ...Buffer.from('2026-03-01T12:00:00.000000001Z a\n')]));
      if (!req.url?.includes('follow=1')) return; // then silence
      res.on('close', () => closed.push(res));
      follows.push(res);
    }, async (rt) => {
      const read: string[] = [];
      const oneOff = (async () => { for await (const line of rt.containerLogs('c', { follow: false })) read.push(line.text); })();
      await assert.rejects(oneOff, rejectsWith('Timeout', 'docker engine: container logs made no progress for 0.3 s'));
      assert.deepEqual(read, ['a'], 'what came before the silence was delivered');
      const abort = new AbortController();
      const followed: string[] = [];
      const follow = (async () => { for await (const line of rt.containerLogs('c', { follow: true, signal: abort.signal })) followed.push(line.text); })();
      await waitFor('the follow to reach the engine', () => follows.length === 1, 5_000);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(followed, ['a'], 'still following after the idle limit');
      abort.abort();
      await follow;
      await waitFor('the engine to see the follow go away', () => closed.length === 1, 5_000);
    }, { timeouts: { logsIdle: 300 } });
  });
});
