// Offline image scanning: flatten the layers, inventory the packages, match them against the
// imported OSV advisories. The ECR API reports the result as basic-scanning findings.
import type { Severity } from './cvss.js';
import type { VulnerabilityDb } from './db.js';
import { buildInventory, InventoryPackage, wantedPath } from './inventory.js';
import { collectFiles, ImageLayer } from './layers.js';
import { ecosystemApplies, isAffected } from './match.js';

export { importVulnerabilityDb, openVulnerabilityDb } from './db.js';
export type { VulnerabilityDb } from './db.js';
export { UnsupportedLayerError } from './layers.js';
export type { ImageLayer } from './layers.js';

export interface ImageScanFinding {
  name: string;
  description?: string;
  uri?: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | 'UNDEFINED';
  attributes: { key: string; value: string }[];
}

const RANK: Record<Severity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFORMATIONAL: 4, UNDEFINED: 5 };

/**
 * Scans an image given its layers in manifest order. Findings are sorted most severe first;
 * `counts` is ECR's `findingSeverityCounts` (only severities that occur).
 * Throws UnsupportedLayerError for layers it cannot read.
 */
export async function scanImage(layers: ImageLayer[], db: VulnerabilityDb): Promise<{ findings: ImageScanFinding[]; counts: Record<string, number> }> {
  const packages = buildInventory(await collectFiles(layers, wantedPath));
  const byKey = new Map<string, ImageScanFinding>();
  for (const pkg of packages) {
    for (const finding of await findingsFor(pkg, db)) {
      const key = `${finding.name}\0${pkg.ecosystem}\0${pkg.name}\0${pkg.version}`;
      if (!byKey.has(key)) byKey.set(key, finding);
    }
  }
  const findings = [...byKey.values()].sort(bySeverityThenName);
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return { findings, counts };
}

async function findingsFor(pkg: InventoryPackage, db: VulnerabilityDb): Promise<ImageScanFinding[]> {
  const out: ImageScanFinding[] = [];
  for (const { advisory, affected } of await db.affecting(pkg.ecosystem, pkg.name)) {
    if (!ecosystemApplies(affected.ecosystem, pkg.ecosystem, pkg.release)) continue;
    if (!isAffected(pkg.ecosystem, pkg.version, affected)) continue;
    const finding: ImageScanFinding = {
      name: advisory.name,
      uri: advisory.uri,
      severity: affected.severity,
      attributes: [{ key: 'package_name', value: pkg.name }, { key: 'package_version', value: pkg.version }, ...affected.attributes],
    };
    if (advisory.description) finding.description = advisory.description;
    out.push(finding);
  }
  return out;
}

function bySeverityThenName(a: ImageScanFinding, b: ImageScanFinding): number {
  const byRank = RANK[a.severity] - RANK[b.severity];
  if (byRank !== 0) return byRank;
  const ka = `${a.name}\0${a.attributes[0].value}\0${a.attributes[1].value}`;
  const kb = `${b.name}\0${b.attributes[0].value}\0${b.attributes[1].value}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
