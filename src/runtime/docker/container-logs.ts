/**
 * A container's output from the engine's logs endpoint, with timestamps, as LogLines
 * (parsing in ./log-stream.ts). One inspect first tells a TTY's raw stream from the
 * multiplexed one. Following has no time limit (a quiet container writes nothing for hours);
 * a one-off read is bounded by inactivity. Aborting the signal ends the iteration quietly.
 */
import { LogLine, LogOptions } from '../runtime.js';
import { EngineClient } from './engine-client.js';
import { FrameReader, sinceParameter, TtyReader } from './log-stream.js';

export async function* readContainerLogs(client: EngineClient, id: string, opts: LogOptions, limits: { inspect: number; idle: number }): AsyncGenerator<LogLine> {
  const path = `/containers/${encodeURIComponent(id)}`;
  const quietly = (err: unknown) => {
    if (!opts.signal?.aborted) throw err;
  };
  let tty = false;
  try {
    const inspect = await client.request<{ Config?: { Tty?: boolean } }>('GET', `${path}/json`, { call: 'inspect container', timeoutMs: limits.inspect, signal: opts.signal });
    tty = inspect.Config?.Tty === true;
  } catch (err) {
    return quietly(err);
  }
  const reader = tty ? new TtyReader() : new FrameReader();
  const query = { stdout: 1, stderr: 1, timestamps: 1, follow: opts.follow ? 1 : 0, since: opts.since && sinceParameter(opts.since) };
  const limit = opts.follow ? {} : { timeoutMs: limits.idle, idle: true };
  let body: (AsyncIterable<Buffer> & { destroy(): void }) | undefined;
  try {
    body = await client.stream('GET', `${path}/logs`, { query, call: 'container logs', signal: opts.signal, ...limit });
    for await (const chunk of body) yield* reader.push(chunk);
    yield* reader.end();
  } catch (err) {
    quietly(err);
  } finally {
    // A consumer that stops early must not leave the engine's stream (and its socket) open.
    body?.destroy();
  }
}
