/**
 * Wildcard matching for policy elements and name filters, without regular expressions.
 *
 * `*` matches any run of characters (possibly empty). With `questionMark`, `?` matches
 * exactly one character (IAM's semantics); without it `?` is literal (ECR's tag and
 * repository filters only know `*`). The whole text must match.
 *
 * Patterns come from callers and are stored (repository policies, filters), so they must
 * never reach a backtracking regex engine: `ecr:****…*Q` compiled to `.*.*…Q` explores
 * exponentially many splits and froze the event loop for minutes per evaluation.
 *
 * The algorithm is the classic greedy one: match literally, and on a mismatch resume just
 * after the most recent `*`, letting that star swallow one more character. Only the most
 * recent star matters, because whatever an earlier star could absorb, the later one can too.
 * Cost: every step either advances through the pattern or moves the last star's resume
 * point forward, so at most (|pattern| + 1) × (|text| + 1) steps, and |pattern| + 2·|text|
 * for the star runs an attacker would send. The API caps bound both sides (policy text
 * 10,240 characters, action names ~30, tags 300, repository names 256).
 */

export interface WildcardOptions {
  /** IAM actions compare case-insensitively; ARNs, tags and names do not. */
  caseInsensitive?: boolean;
  /** Treat `?` as "exactly one character" (IAM); otherwise it is a literal character. */
  questionMark?: boolean;
}

export interface WildcardResult {
  matched: boolean;
  /** Loop iterations taken: the operation count the complexity bound above is about. */
  steps: number;
}

/** Whether `text` matches `pattern` as a whole. */
export function matchWildcard(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  return matchWildcardCounted(pattern, text, options).matched;
}

/** matchWildcard, also reporting how many steps it took (tests bound the cost with it). */
export function matchWildcardCounted(pattern: string, text: string, options: WildcardOptions = {}): WildcardResult {
  // Code points, not UTF-16 units, so that `?` is exactly one character even outside the BMP.
  const p = Array.from(options.caseInsensitive ? pattern.toLowerCase() : pattern);
  const t = Array.from(options.caseInsensitive ? text.toLowerCase() : text);
  const one = (c: string) => options.questionMark === true && c === '?';
  let pi = 0;
  let ti = 0;
  let star = -1; // index of the most recent `*` in p
  let resume = 0; // where in t that star's match currently ends
  let steps = 0;
  while (ti < t.length) {
    steps++;
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = ti;
    } else if (pi < p.length && (p[pi] === t[ti] || one(p[pi]))) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return { matched: false, steps };
    }
  }
  // The text is used up: only stars may remain in the pattern.
  while (pi < p.length && p[pi] === '*') {
    steps++;
    pi++;
  }
  return { matched: pi === p.length, steps };
}
