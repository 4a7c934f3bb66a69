/**
 * Reads a Berth's state back through its API after a fuzz run: every resource a listing
 * names is described again, and what refers to another resource must find it. The ids
 * collected make a fingerprint to compare across a restart; the problems are the
 * inconsistencies found.
 */

export interface StateView {
  /** Sorted identifiers per kind ("ecs cluster", "iam user"…). */
  ids: Record<string, string[]>;
  problems: string[];
}

// A fuzz run makes at most a few thousand resources: more pages than this is a pagination loop.
const MAX_PAGES = 200;
// Describing every one of thousands of resources would take minutes; a sample per kind finds broken records as well.
const DESCRIBE_LIMIT = 150;

export class Inspector {
  private readonly ids: Record<string, Set<string>> = {};
  readonly problems: string[] = [];

  record(kind: string, values: Iterable<string | undefined>): void {
    const set = (this.ids[kind] ??= new Set());
    for (const v of values) if (v !== undefined) set.add(v);
  }

  has(kind: string, value: string): boolean {
    return this.ids[kind]?.has(value) ?? false;
  }

  /** The call's result, or undefined with a problem noted (unless its error is one `tolerated` names). */
  async check<T>(what: string, call: () => Promise<T>, tolerated?: RegExp): Promise<T | undefined> {
    try {
      return await call();
    } catch (e) {
      const err = e as Error;
      if (!tolerated?.test(err.name)) this.problems.push(`${what}: ${err.name}: ${err.message}`);
      return undefined;
    }
  }

  /** Every page of a paginator (a failure is a problem, the pages read so far are kept). */
  async pages<T>(what: string, paginator: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    try {
      for await (const page of paginator) {
        out.push(page);
        if (out.length > MAX_PAGES) {
          this.problems.push(`${what}: more than ${MAX_PAGES} pages`);
          break;
        }
      }
    } catch (e) {
      this.problems.push(`${what}: ${(e as Error).name}: ${(e as Error).message}`);
    }
    return out;
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  view(): StateView {
    const ids: Record<string, string[]> = {};
    for (const [kind, set] of Object.entries(this.ids)) ids[kind] = [...set].sort();
    return { ids, problems: [...this.problems] };
  }
}

/** The first `DESCRIBE_LIMIT` items, so describing stays bounded. */
export const sample = <T>(items: T[]): T[] => items.slice(0, DESCRIBE_LIMIT);

/** Splits into batches of `size` (DescribeClusters takes 100, DescribeServices 10). */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
