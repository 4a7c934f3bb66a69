// OSV records (ossf/osv-schema) and the compact form the scan db stores: only what matching and
// reporting need, with severity already decided.
import { cvss2BaseScore, cvss2Severity, cvss3BaseScore, cvss3Severity, Severity } from './cvss.js';

export interface OsvEvent { introduced?: string; fixed?: string; last_affected?: string; limit?: string }
export interface OsvRange { type: string; events: OsvEvent[] }
interface OsvSeverity { type: string; score: string }
type Specific = Record<string, unknown> | undefined;

export interface OsvAffected {
  package?: { ecosystem?: string; name?: string };
  ranges?: OsvRange[];
  versions?: string[];
  severity?: OsvSeverity[];
  ecosystem_specific?: Specific;
  database_specific?: Specific;
}

export interface OsvRecord {
  id: string;
  aliases?: string[];
  upstream?: string[];
  summary?: string;
  details?: string;
  modified?: string;
  withdrawn?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: { type?: string; url?: string }[];
  database_specific?: Specific;
}

/** The ecosystems whose packages the scanner inventories. */
export const ECOSYSTEMS = ['Debian', 'Alpine', 'npm', 'PyPI'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export interface StoredAdvisory { id: string; name: string; description?: string; uri: string }

export interface StoredAffected {
  /** Index into the ecosystem file's `advisories`. */
  advisory: number;
  /** The OSV ecosystem as written, e.g. `Debian:12`, `Alpine:v3.18`, `npm`. */
  ecosystem: string;
  ranges: OsvRange[];
  versions?: string[];
  severity: Severity;
  attributes: { key: string; value: string }[];
}

const MAX_DESCRIPTION = 4096;

export function isOsvRecord(v: unknown): v is OsvRecord {
  return typeof v === 'object' && v !== null && typeof (v as OsvRecord).id === 'string' && Array.isArray((v as OsvRecord).affected);
}

/** The ecosystem part before any `:release` suffix, if it is one the scanner uses. */
export function ecosystemBase(ecosystem: string): Ecosystem | undefined {
  const base = ecosystem.split(':')[0];
  return (ECOSYSTEMS as readonly string[]).includes(base) ? (base as Ecosystem) : undefined;
}

/** How the db keys a package name: PyPI names are PEP 503-normalised, others verbatim. */
export function packageKey(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

export function toStoredAdvisory(record: OsvRecord): StoredAdvisory {
  // Debian's and Ubuntu's newer ids embed the CVE (DEBIAN-CVE-2024-1234) and list it in `upstream`.
  const cve = record.id.startsWith('CVE-') ? record.id
    : [...(record.aliases ?? []), ...(record.upstream ?? [])].find((a) => a.startsWith('CVE-')) ?? /CVE-\d{4}-\d+$/.exec(record.id)?.[0];
  const advisoryRef = record.references?.find((r) => r.type === 'ADVISORY' && r.url)?.url;
  const text = record.details?.trim() || record.summary?.trim();
  const out: StoredAdvisory = { id: record.id, name: cve ?? record.id, uri: advisoryRef ?? `https://osv.dev/vulnerability/${record.id}` };
  if (text) out.description = text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
  return out;
}

/** Ranges the scanner can evaluate (GIT ranges name commits, not versions). */
export function usableRanges(affected: OsvAffected): OsvRange[] {
  return (affected.ranges ?? []).filter((r) => (r.type === 'ECOSYSTEM' || r.type === 'SEMVER') && Array.isArray(r.events));
}

const NAMED: Record<string, Severity> = {
  unimportant: 'INFORMATIONAL', negligible: 'INFORMATIONAL', informational: 'INFORMATIONAL',
  low: 'LOW', moderate: 'MEDIUM', medium: 'MEDIUM', high: 'HIGH', important: 'HIGH', critical: 'CRITICAL',
};

function named(value: unknown): Severity | undefined {
  // Debian urgencies can carry a marker ("low*", "medium**"); "not yet assigned" is no answer.
  return typeof value === 'string' ? NAMED[value.toLowerCase().replace(/\*+$/, '').trim()] : undefined;
}

/**
 * Severity and CVSS attributes of one affected entry. Order: the database's own rating
 * (GHSA `database_specific.severity`), the ecosystem's (`ecosystem_specific.severity`/`urgency`,
 * an `Ubuntu` severity entry), then the CVSS v3 base score, then CVSS v2, else UNDEFINED.
 */
export function assess(record: OsvRecord, affected: OsvAffected): Pick<StoredAffected, 'severity' | 'attributes'> {
  const entries = [...(affected.severity ?? []), ...(record.severity ?? [])];
  const attributes: { key: string; value: string }[] = [];
  const v3 = entries.find((e) => e.type === 'CVSS_V3');
  const v3Score = v3 && cvss3BaseScore(v3.score);
  if (v3 && v3Score !== undefined) attributes.push({ key: 'CVSS3_SCORE', value: v3Score.toFixed(1) }, { key: 'CVSS3_VECTOR', value: v3.score });
  const v2 = entries.find((e) => e.type === 'CVSS_V2');
  const v2Score = v2 && cvss2BaseScore(v2.score);
  if (v2 && v2Score !== undefined) attributes.push({ key: 'CVSS2_SCORE', value: v2Score.toFixed(1) }, { key: 'CVSS2_VECTOR', value: v2.score });
  const rated = named(affected.database_specific?.severity) ?? named(record.database_specific?.severity)
    ?? named(affected.ecosystem_specific?.severity) ?? named(affected.ecosystem_specific?.urgency)
    ?? named(entries.find((e) => e.type === 'Ubuntu')?.score);
  const severity = rated
    ?? (v3Score !== undefined ? cvss3Severity(v3Score) : undefined)
    ?? (v2Score !== undefined ? cvss2Severity(v2Score) : undefined)
    ?? 'UNDEFINED';
  return { severity, attributes };
}
