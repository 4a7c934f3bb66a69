/** One command over an HAProxy CLI socket (the workers' admin socket or the master socket). */
import { connect } from 'node:net';

export function cliCommand(socketPath: string, command: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`HAProxy CLI timed out on "${command}"`));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.end(`${command}\n`));
    sock.on('data', (d: string) => (out += d));
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** Runs a runtime-API command and fails unless the answer contains `expect` (HAProxy answers errors in plain text). */
export async function expectReply(socketPath: string, command: string, expect: string | RegExp): Promise<void> {
  const reply = await cliCommand(socketPath, command);
  const ok = typeof expect === 'string' ? reply.includes(expect) : expect.test(reply);
  if (!ok) throw new Error(`HAProxy refused "${command}": ${reply.trim() || '(no answer)'}`);
}
