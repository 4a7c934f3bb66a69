// Is a package version affected by an OSV `affected` entry? Implements the evaluation of the
// OSV schema: listed `versions`, or inside any ECOSYSTEM/SEMVER range's introduced/fixed/last_affected events.
import { compareApkVersions } from './version-apk.js';
import { compareDebVersions } from './version-dpkg.js';
import { comparePep440 } from './version-pep440.js';
import { compareSemver } from './version-semver.js';
import type { Ecosystem, OsvEvent, OsvRange, StoredAffected } from './osv.js';

type Compare = (a: string, b: string) => number | undefined;

const ORDER: Record<Ecosystem, Compare> = {
  Debian: compareDebVersions,
  Alpine: compareApkVersions,
  npm: compareSemver,
  PyPI: comparePep440,
};

/** Does the advisory's ecosystem (`Debian:12`, `Alpine:v3.18`, `npm`) apply to this package? */
export function ecosystemApplies(advisoryEcosystem: string, ecosystem: Ecosystem, release: string | undefined): boolean {
  const [base, qualifier] = advisoryEcosystem.split(':');
  if (base !== ecosystem) return false;
  // An unqualified Debian/Alpine advisory covers every release; a qualified one only its own.
  return qualifier === undefined || qualifier === release;
}

export function isAffected(ecosystem: Ecosystem, version: string, affected: Pick<StoredAffected, 'ranges' | 'versions'>): boolean {
  const compare = ORDER[ecosystem];
  if (affected.versions?.some((v) => v === version || compare(v, version) === 0)) return true;
  return affected.ranges.some((range) => {
    if (range.type === 'SEMVER') return inRange(compareSemver, version, range);
    return range.type === 'ECOSYSTEM' && inRange(compare, version, range); // GIT ranges name commits
  });
}

function inRange(compare: Compare, version: string, range: OsvRange): boolean {
  const sorted = sortEvents(compare, range.events);
  if (!sorted || compare(version, version) === undefined) return false;
  const limits = range.events.map((e) => e.limit).filter((l): l is string => l !== undefined && l !== '*');
  if (limits.length && !limits.some((l) => (compare(version, l) ?? 0) < 0)) return false;
  let vulnerable = false;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || compare(version, e.introduced)! >= 0) vulnerable = true;
    } else if (e.fixed !== undefined) {
      if (compare(version, e.fixed)! >= 0) vulnerable = false;
    } else if (e.last_affected !== undefined) {
      if (compare(version, e.last_affected)! > 0) vulnerable = false;
    }
  }
  return vulnerable;
}

const eventVersion = (e: OsvEvent) => e.introduced ?? e.fixed ?? e.last_affected;

/** Events in version order (introduced "0" first); undefined when a version cannot be ordered. */
function sortEvents(compare: Compare, events: OsvEvent[]): OsvEvent[] | undefined {
  const relevant = events.filter((e) => eventVersion(e) !== undefined);
  for (const e of relevant) {
    const v = eventVersion(e)!;
    if (!(e.introduced === '0') && compare(v, v) === undefined) return undefined;
  }
  return relevant.sort((a, b) => {
    if (a.introduced === '0') return b.introduced === '0' ? 0 : -1;
    if (b.introduced === '0') return 1;
    return compare(eventVersion(a)!, eventVersion(b)!)!;
  });
}
