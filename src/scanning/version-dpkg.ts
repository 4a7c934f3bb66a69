// Debian package version ordering, as dpkg's verrevcmp (deb-version(7)):
// [epoch:]upstream[-revision]; `~` sorts before everything, even the end of the string.

interface DebVersion { epoch: number; upstream: string; revision: string }

export function parseDebVersion(text: string): DebVersion | undefined {
  let rest = text.trim();
  if (rest === '') return undefined;
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    if (!/^\d+$/.test(e)) return undefined;
    epoch = Number(e);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (upstream === '' || !/^\d/.test(upstream)) return undefined;
  return { epoch, upstream, revision };
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

// Weight of one character in a non-digit run; NaN (past the end) weighs like a digit: 0.
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126) return -1; // '~'
  return c + 256;
}

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** Negative, zero or positive like dpkg --compare-versions; undefined if either is unparsable. */
export function compareDebVersions(a: string, b: string): number | undefined {
  const x = parseDebVersion(a);
  const y = parseDebVersion(b);
  if (!x || !y) return undefined;
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return Math.sign(verrevcmp(x.upstream, y.upstream)) || Math.sign(verrevcmp(x.revision, y.revision));
}
