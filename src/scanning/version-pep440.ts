// PEP 440 version ordering (PyPI), following the sort key of pypa/packaging's Version:
// epoch, release (trailing zeros ignored), pre, post, dev, local.

const PEP440 = new RegExp(
  '^v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)' +
  '(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d+)?)?' +
  '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' +
  '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' +
  '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  'i',
);

// A key is a list of numbers/strings compared element-wise; ±Infinity stand for packaging's
// Infinity/NegativeInfinity sentinels.
type Part = number | string;
interface Pep440Key { epoch: number; release: number[]; pre: Part[]; post: number; dev: number; local: Part[][] }

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export function parsePep440(text: string): Pep440Key | undefined {
  const m = PEP440.exec(text.trim());
  if (!m) return undefined;
  const [, epoch, release, preL, preN, postN1, postL, postN2, devL, devN, local] = m;
  const hasPost = postN1 !== undefined || postL !== undefined;
  const parts = release.split('.').map(Number);
  while (parts.length > 1 && parts[parts.length - 1] === 0) parts.pop();
  let pre: Part[];
  if (preL !== undefined) pre = [PRE_RANK[preL.toLowerCase()], Number(preN ?? 0)];
  else if (!hasPost && devL !== undefined) pre = [-Infinity]; // 1.0.dev1 sorts before 1.0a1
  else pre = [Infinity];
  return {
    epoch: Number(epoch ?? 0),
    release: parts,
    pre,
    post: hasPost ? Number(postN1 ?? postN2 ?? 0) : -Infinity,
    dev: devL !== undefined ? Number(devN ?? 0) : Infinity,
    // Alphanumeric local segments sort before numeric ones; no local sorts before any.
    local: local === undefined ? [] : local.toLowerCase().split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? [Number(s), ''] : [-Infinity, s])),
  };
}

function compareParts(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const x = a[i];
    const y = b[i];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compareRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = (a[i] ?? 0) - (b[i] ?? 0);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/** Negative, zero or positive; undefined if either is not a PEP 440 version. */
export function comparePep440(a: string, b: string): number | undefined {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (!x || !y) return undefined;
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  const steps = [
    () => compareRelease(x.release, y.release),
    () => compareParts(x.pre, y.pre),
    () => compareParts([x.post], [y.post]),
    () => compareParts([x.dev], [y.dev]),
    () => compareLocal(x.local, y.local),
  ];
  for (const step of steps) {
    const c = step();
    if (c !== 0) return c;
  }
  return 0;
}

function compareLocal(a: Part[][], b: Part[][]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareParts(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}
