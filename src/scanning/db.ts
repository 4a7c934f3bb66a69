// The local vulnerability db: OSV advisories imported from a directory or zip, stored as one
// compact JSON file per ecosystem under <dataDir>/scan-db/ and loaded lazily on first use.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readOsvSource } from './osv-source.js';
import { assess, Ecosystem, ecosystemBase, OsvRecord, packageKey, StoredAdvisory, StoredAffected, toStoredAdvisory, usableRanges } from './osv.js';

export interface EcosystemFile { advisories: StoredAdvisory[]; packages: Record<string, StoredAffected[]> }

interface Meta {
  format: 1;
  importedAt: string;
  /** Newest `modified` time among the advisories, per ecosystem. */
  sourceUpdatedAt: Record<string, string>;
  advisories: Record<string, number>;
}

export interface VulnerabilityDb {
  /** When the advisories were last imported. */
  readonly importedAt: Date;
  /** Newest advisory modification time: ECR's `vulnerabilitySourceUpdatedAt`. */
  readonly sourceUpdatedAt: Date;
  /** Ecosystems with advisories: `Alpine`, `Debian`, `npm`, `PyPI`. */
  readonly ecosystems: string[];
  /** The affected entries for one package; `name` as the image names it. */
  affecting(ecosystem: Ecosystem, name: string): Promise<{ advisory: StoredAdvisory; affected: StoredAffected }[]>;
}

const DIR = 'scan-db';
const META = 'meta.json';

export async function importVulnerabilityDb(dataDir: string, source: string): Promise<{ advisories: number; ecosystems: string[] }> {
  const byId = new Map<string, OsvRecord>();
  for await (const record of readOsvSource(source)) {
    if (!record.withdrawn) byId.set(record.id, record);
  }
  const files = build(byId.values());
  const dir = join(dataDir, DIR);
  await mkdir(dir, { recursive: true });
  const meta = (await readMeta(dir)) ?? { format: 1, importedAt: '', sourceUpdatedAt: {}, advisories: {} };
  let advisories = 0;
  // Ecosystems in the source replace their previous import; others stay (per-ecosystem zips).
  for (const [ecosystem, { file, newest }] of files) {
    await writeAtomic(join(dir, `${ecosystem}.json`), JSON.stringify(file));
    meta.advisories[ecosystem] = file.advisories.length;
    meta.sourceUpdatedAt[ecosystem] = newest;
    advisories += file.advisories.length;
  }
  meta.importedAt = new Date().toISOString();
  await writeAtomic(join(dir, META), JSON.stringify(meta, null, 2));
  return { advisories, ecosystems: [...files.keys()].sort() };
}

function build(records: Iterable<OsvRecord>): Map<Ecosystem, { file: EcosystemFile; newest: string }> {
  const out = new Map<Ecosystem, { file: EcosystemFile; newest: string }>();
  for (const record of records) {
    const stored = toStoredAdvisory(record);
    const indexIn = new Map<Ecosystem, number>();
    for (const affected of record.affected ?? []) {
      const ecosystem = ecosystemBase(affected.package?.ecosystem ?? '');
      const name = affected.package?.name;
      if (!ecosystem || !name) continue;
      let entry = out.get(ecosystem);
      if (!entry) out.set(ecosystem, (entry = { file: { advisories: [], packages: {} }, newest: '' }));
      if (!indexIn.has(ecosystem)) indexIn.set(ecosystem, entry.file.advisories.push(stored) - 1);
      if (record.modified && record.modified > entry.newest) entry.newest = record.modified;
      const key = packageKey(ecosystem, name);
      const item: StoredAffected = { advisory: indexIn.get(ecosystem)!, ecosystem: affected.package!.ecosystem!, ranges: usableRanges(affected), ...assess(record, affected) };
      if (affected.versions?.length) item.versions = affected.versions;
      (entry.file.packages[key] ??= []).push(item);
    }
  }
  return out;
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

async function readMeta(dir: string): Promise<Meta | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, META), 'utf8')) as Meta;
  } catch {
    return undefined;
  }
}

class FileDb implements VulnerabilityDb {
  private readonly loaded = new Map<Ecosystem, Promise<EcosystemFile | undefined>>();
  readonly importedAt: Date;
  readonly sourceUpdatedAt: Date;
  readonly ecosystems: string[];

  constructor(private readonly dir: string, meta: Meta) {
    this.importedAt = new Date(meta.importedAt);
    const newest = Object.values(meta.sourceUpdatedAt).filter(Boolean).sort().pop();
    this.sourceUpdatedAt = newest ? new Date(newest) : this.importedAt;
    this.ecosystems = Object.keys(meta.advisories).sort();
  }

  async affecting(ecosystem: Ecosystem, name: string): Promise<{ advisory: StoredAdvisory; affected: StoredAffected }[]> {
    if (!this.ecosystems.includes(ecosystem)) return [];
    let file = this.loaded.get(ecosystem);
    if (!file) this.loaded.set(ecosystem, (file = this.load(ecosystem)));
    const data = await file;
    const entries = data?.packages[packageKey(ecosystem, name)] ?? [];
    return entries.map((affected) => ({ advisory: data!.advisories[affected.advisory], affected }));
  }

  private async load(ecosystem: Ecosystem): Promise<EcosystemFile | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${ecosystem}.json`), 'utf8')) as EcosystemFile;
    } catch {
      return undefined;
    }
  }
}

// One instance per data dir while its meta.json is unchanged, so callers may open per scan and
// still pick up a re-import made by the CLI.
const cache = new Map<string, { stamp: number; db: FileDb }>();

export async function openVulnerabilityDb(dataDir: string): Promise<VulnerabilityDb | undefined> {
  const dir = join(dataDir, DIR);
  let stamp: number;
  try {
    stamp = (await stat(join(dir, META))).mtimeMs;
  } catch {
    return undefined;
  }
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit.db;
  const meta = await readMeta(dir);
  if (!meta || Object.keys(meta.advisories).length === 0) return undefined;
  const db = new FileDb(dir, meta);
  cache.set(dir, { stamp, db });
  return db;
}
