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
  // Records are compacted as they stream in (all.zip holds every ecosystem); the last copy of an id wins.
  const byId = new Map<string, Compacted>();
  for await (const record of readOsvSource(source)) {
    const compacted = record.withdrawn ? undefined : compact(record);
    if (compacted) byId.set(record.id, compacted);
    else byId.delete(record.id);
  }
  if (byId.size === 0) return { advisories: 0, ecosystems: [] };
  const files = assemble(byId.values());
  const dir = join(dataDir, DIR);
  // The data dir also holds credentials: create it private, as the server does.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const meta = (await readMeta(dir)) ?? { format: 1, importedAt: '', sourceUpdatedAt: {}, advisories: {} };
  // Ecosystems in the source replace their previous import; others stay (per-ecosystem zips).
  for (const [ecosystem, { file, newest }] of files) {
    await writeAtomic(join(dir, `${ecosystem}.json`), JSON.stringify(file));
    meta.advisories[ecosystem] = file.advisories.length;
    meta.sourceUpdatedAt[ecosystem] = newest;
  }
  meta.importedAt = new Date().toISOString();
  await writeAtomic(join(dir, META), JSON.stringify(meta, null, 2));
  return { advisories: byId.size, ecosystems: [...files.keys()].sort() };
}

/** One advisory reduced to its entries for the scanner's ecosystems. */
interface Compacted {
  advisory: StoredAdvisory;
  modified: string;
  entries: { ecosystem: Ecosystem; key: string; item: Omit<StoredAffected, 'advisory'> }[];
}

function compact(record: OsvRecord): Compacted | undefined {
  const entries: Compacted['entries'] = [];
  for (const affected of record.affected ?? []) {
    const full = affected.package?.ecosystem ?? '';
    const ecosystem = ecosystemBase(full);
    const name = affected.package?.name;
    if (!ecosystem || !name) continue;
    const item: Omit<StoredAffected, 'advisory'> = { ecosystem: full, ranges: usableRanges(affected), ...assess(record, affected) };
    if (affected.versions?.length) item.versions = affected.versions;
    entries.push({ ecosystem, key: packageKey(ecosystem, name), item });
  }
  return entries.length ? { advisory: toStoredAdvisory(record), modified: record.modified ?? '', entries } : undefined;
}

function assemble(advisories: Iterable<Compacted>): Map<Ecosystem, { file: EcosystemFile; newest: string }> {
  const out = new Map<Ecosystem, { file: EcosystemFile; newest: string }>();
  for (const { advisory, modified, entries } of advisories) {
    const indexIn = new Map<Ecosystem, number>();
    for (const { ecosystem, key, item } of entries) {
      let entry = out.get(ecosystem);
      if (!entry) out.set(ecosystem, (entry = { file: { advisories: [], packages: {} }, newest: '' }));
      if (!indexIn.has(ecosystem)) indexIn.set(ecosystem, entry.file.advisories.push(advisory) - 1);
      if (modified > entry.newest) entry.newest = modified;
      (entry.file.packages[key] ??= []).push({ advisory: indexIn.get(ecosystem)!, ...item });
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
