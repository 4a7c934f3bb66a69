/**
 * The operator's channel into a running Berth: a unix socket in the data directory
 * (mode 0600, in a 0700 directory), so only the account that owns the data dir reaches
 * it. The `berth` command line uses it for what no AWS API may do, such as adding a
 * Docker host. One JSON request per HTTP POST to `/<command>`; the answer is JSON.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import { connect } from 'node:net';
import { Logger } from './log.js';

export type AdminArgs = Record<string, unknown>;
export type AdminHandler = (args: AdminArgs) => Promise<unknown>;

/** An operator error: its message is shown to the operator as is. */
export class AdminError extends Error {}

const MAX_BODY = 64 * 1024;

export async function startAdminSocket(path: string, handlers: Record<string, AdminHandler>, log: Logger): Promise<{ close(): Promise<void> }> {
  if (existsSync(path)) {
    if (await answers(path)) throw new Error(`another Berth is running with this data dir (its admin socket ${path} answers)`);
    unlinkSync(path); // left by a Berth that was killed
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const command = (req.url ?? '').slice(1);
      void run(command, req.method === 'POST' && Object.hasOwn(handlers, command) ? handlers[command] : undefined, Buffer.concat(chunks))
        .then(([status, body]) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    });
  });

  async function run(command: string, handler: AdminHandler | undefined, body: Buffer): Promise<[number, unknown]> {
    if (!handler) return [404, { error: `unknown command ${command}` }];
    let args: unknown;
    try {
      args = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      args = undefined;
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return [400, { error: 'the request is not a JSON object' }];
    try {
      return [200, (await handler(args as AdminArgs)) ?? {}];
    } catch (err) {
      if (err instanceof AdminError) return [400, { error: err.message }];
      log.error('admin command failed', { command, err });
      return [500, { error: 'the command failed; see Berth\'s log' }];
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Sends one command to the Berth whose socket this is; rejects with the Berth's error text. */
export function callAdmin(path: string, command: string, args: AdminArgs): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: path, method: 'POST', path: `/${command}`, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let body: { error?: string } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return reject(new AdminError(`Berth answered ${res.statusCode} without JSON`));
        }
        if (res.statusCode === 200) resolve(body);
        else reject(new AdminError(body.error ?? `Berth answered ${res.statusCode}`));
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(new AdminError(err.code === 'ENOENT' || err.code === 'ECONNREFUSED'
        ? `no Berth is running with this data dir (${path})` : err.message));
    });
    req.end(JSON.stringify(args));
  });
}
