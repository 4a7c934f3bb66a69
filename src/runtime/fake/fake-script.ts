/**
 * The little shell the FakeRuntime understands: `sh -c '<script>'` whose statements, split by
 * `;` or newlines (outside quotes), are all among
 *
 * - `echo <text>` (quotes around the whole text dropped), `>&2` or `1>&2` at the end for stderr;
 * - `sleep <seconds>` (fractions allowed);
 * - `exit <code>` or `exit $VAR` (from the container's env).
 *
 * A script that reaches its end exits 0, as sh does. Any other command, or a script with any
 * other statement, is not interpreted: such a container runs until it is stopped.
 */
import { ContainerSpec } from '../runtime.js';

export type Step =
  | { kind: 'echo'; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'sleep'; seconds: number }
  | { kind: 'exit'; code: number };

/** The statements of a script, split at `;` and newlines that are not inside quotes. */
function statements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const c of script) {
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === ';' || c === '\n') {
      out.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current.trim());
  return out.filter((s) => s !== '');
}

const unquote = (text: string) => (text.length >= 2 && (text[0] === "'" || text[0] === '"') && text.endsWith(text[0]) ? text.slice(1, -1) : text);

function echo(rest: string): Step {
  const toStderr = /\s+1?>&2$/.exec(rest);
  const text = toStderr ? rest.slice(0, toStderr.index) : rest;
  return { kind: 'echo', stream: toStderr ? 'stderr' : 'stdout', text: unquote(text.trim()) };
}

function step(statement: string, env: string[]): Step | undefined {
  const [word, ...rest] = statement.split(/\s+/);
  const arg = statement.slice(word.length).trim();
  if (word === 'echo') return echo(arg);
  if (word === 'sleep' && rest.length === 1 && /^\d+(\.\d+)?$/.test(arg)) return { kind: 'sleep', seconds: Number(arg) };
  if (word !== 'exit' || rest.length !== 1) return undefined;
  const value = arg.startsWith('$') ? env.find((e) => e.startsWith(`${arg.slice(1)}=`))?.split('=')[1] : arg;
  return { kind: 'exit', code: Number(value ?? 0) & 0xff };
}

/** The steps of the container's command, or undefined when it is not a script the fake interprets. */
export function scriptOf(spec: ContainerSpec): Step[] | undefined {
  const argv = [...(spec.entryPoint ?? []), ...(spec.command ?? [])];
  if (argv.length !== 3 || argv[0] !== 'sh' || argv[1] !== '-c') return undefined;
  const steps = statements(argv[2]).map((s) => step(s, spec.env ?? []));
  return steps.every((s): s is Step => s !== undefined) ? steps : undefined;
}
