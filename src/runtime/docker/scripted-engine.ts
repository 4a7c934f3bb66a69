/**
 * Test support: a node http server posing as the Docker Engine on a temporary unix
 * socket, so DockerRuntime can be tested against scripted answers (or none at all).
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerRuntime, type DockerRuntimeOptions } from './docker-runtime.js';

/** Runs `body` with a DockerRuntime talking to `handler`; a request the handler never answers hangs until the end. */
export async function withScriptedEngine(
  handler: http.RequestListener,
  body: (rt: DockerRuntime) => Promise<void>,
  opts: Omit<DockerRuntimeOptions, 'socketPath' | 'dockerHost'> = {},
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-engine-'));
  const socketPath = join(dir, 'engine.sock');
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const rt = new DockerRuntime({ ...opts, socketPath });
  try {
    await body(rt);
  } finally {
    await rt.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}
