/**
 * The AWS CLI's documentation examples (`awscli/examples/<service>/*.rst`): each example's
 * command line and the "Output::" JSON recorded from AWS. Fidelity tests replay them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CliExample {
  /** The .rst file, e.g. `run-task.rst`. */
  file: string;
  /** 1-based position among the file's examples that have an output. */
  index: number;
  title: string;
  /** The command block (continuation lines joined), or '' when the example shows none. */
  command: string;
  output: unknown;
  /** Why the output could not be read, when it could not. */
  error?: string;
}

/** Debian's awscli package (installed by scripts/setup.sh); a newer one may be named by AWSCLI_EXAMPLES_DIRS. */
export const DEBIAN_EXAMPLES = '/usr/lib/python3/dist-packages/awscli/examples';

/** The example directories to replay for `service`: AWSCLI_EXAMPLES_DIRS (colon-separated roots) or Debian's. */
export function exampleDirs(service: string): string[] {
  const roots = process.env.AWSCLI_EXAMPLES_DIRS ? process.env.AWSCLI_EXAMPLES_DIRS.split(':') : [DEBIAN_EXAMPLES];
  return roots.map((r) => join(r, service)).filter((d) => existsSync(d));
}

interface Block { header: string; lines: string[] }

/** reStructuredText literal blocks: the indented lines after a paragraph ending in "::". */
function literalBlocks(text: string): { blocks: Block[]; titles: Map<Block, string> } {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  const titles = new Map<Block, string>();
  let title = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\*\*.*\*\*/.test(line)) title = line.replace(/\*\*/g, '').trim();
    if (!line.trimEnd().endsWith('::') || /^\s/.test(line)) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j++;
    for (; j < lines.length && (lines[j].trim() === '' || /^\s/.test(lines[j])); j++) body.push(lines[j]);
    const block = { header: line.trim(), lines: body };
    blocks.push(block);
    titles.set(block, title);
    i = j - 1;
  }
  return { blocks, titles };
}

/**
 * The recorded outputs are hand-edited: some have trailing or missing commas, lack the
 * outer braces or a closing brace. These are repaired; elisions ("...") are not.
 */
export function parseLenientJson(text: string): unknown {
  let json = text
    .replace(/,(\s*[}\]])/g, '$1')
    .replace(/([}\]"\d]|true|false|null)(\s*\n\s*")/g, '$1,$2')
    .trim();
  if (json.startsWith('"')) json = `{${json}}`;
  const unclosed = (json.match(/{/g) ?? []).length - (json.match(/}/g) ?? []).length;
  return JSON.parse(json + '}'.repeat(Math.max(0, unclosed)));
}

export function parseExamples(file: string, text: string): CliExample[] {
  const { blocks, titles } = literalBlocks(text);
  const out: CliExample[] = [];
  let command = '';
  for (const b of blocks) {
    const body = b.lines.join('\n').trim();
    if (body.startsWith('aws ')) command = body.replace(/\\\s*\n\s*/g, ' ').replace(/\s+/g, ' ');
    if (b.header !== 'Output::') continue;
    const example: CliExample = { file, index: out.length + 1, title: titles.get(b) ?? '', command, output: undefined };
    try {
      example.output = parseLenientJson(body);
    } catch (e) {
      example.error = e instanceof Error ? e.message : String(e);
    }
    out.push(example);
  }
  return out;
}

export function loadExamples(dir: string): CliExample[] {
  return readdirSync(dir).filter((f) => f.endsWith('.rst')).sort()
    .flatMap((f) => parseExamples(f, readFileSync(join(dir, f), 'utf8')));
}

/**
 * Every key path of a JSON document, list indices collapsed: `tasks[].containers[].name`.
 * Keys of free-form maps are paths too, as AWS's own (e.g. `dockerLabels.x`).
 */
export function keyPaths(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, `${prefix}[]`, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${k}` : k;
      into.add(path);
      keyPaths(v, path, into);
    }
  }
  return into;
}

export interface KeyComparison {
  /** AWS's key paths that count (those not excluded). */
  total: number;
  /** AWS's key paths left out of the comparison. */
  excluded: number;
  /** Counted key paths Berth's response lacks. */
  missing: string[];
}

/** Compares AWS's key paths with Berth's, leaving out those `exclude` matches. */
export function compareKeys(aws: unknown, berth: unknown, exclude?: RegExp): KeyComparison {
  const ours = keyPaths(berth);
  const all = [...keyPaths(aws)];
  const counted = exclude ? all.filter((p) => !exclude.test(p)) : all;
  return { total: counted.length, excluded: all.length - counted.length, missing: counted.filter((p) => !ours.has(p)) };
}
