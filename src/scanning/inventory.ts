// The package inventory of a flattened image: OS packages (dpkg, apk) keyed by source package as
// OSV's Debian and Alpine advisories are, and language packages (npm, PyPI).
import type { Ecosystem } from './osv.js';

export interface InventoryPackage {
  ecosystem: Ecosystem;
  /** Release qualifier OSV uses for this ecosystem: `12` for Debian:12, `v3.18` for Alpine:v3.18. */
  release?: string;
  name: string;
  version: string;
}

const EXACT = new Set([
  'var/lib/dpkg/status', 'lib/apk/db/installed', 'usr/lib/apk/db/installed',
  'etc/os-release', 'usr/lib/os-release', 'etc/alpine-release', 'etc/debian_version',
]);
const PATTERNS = [
  /^var\/lib\/dpkg\/status\.d\/[^/]+$/,
  /(^|\/)node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/,
  /\.dist-info\/METADATA$/,
  /\.egg-info\/PKG-INFO$/,
  /\.egg-info$/,
];

/** The files the inventory reads; everything else in the layers is skipped. */
export function wantedPath(path: string): boolean {
  if (EXACT.has(path)) return true;
  if (path.endsWith('.md5sums')) return false;
  return PATTERNS.some((p) => p.test(path));
}

export function buildInventory(files: Map<string, Buffer>): InventoryPackage[] {
  const os = osRelease(files);
  const out = new Map<string, InventoryPackage>();
  const add = (p: InventoryPackage) => out.set(`${p.ecosystem}\0${p.name}\0${p.version}`, p);
  for (const [path, data] of files) {
    const text = data.toString('utf8');
    if (path === 'var/lib/dpkg/status' || path.startsWith('var/lib/dpkg/status.d/')) {
      if (os.id === 'debian' || os.id === undefined) dpkg(text).forEach((p) => add({ ...p, ecosystem: 'Debian', ...release(os.debian) }));
    } else if (path.endsWith('lib/apk/db/installed')) {
      apk(text).forEach((p) => add({ ...p, ecosystem: 'Alpine', ...release(os.alpine) }));
    } else if (path.endsWith('/package.json')) {
      const p = npm(text);
      if (p) add({ ...p, ecosystem: 'npm' });
    } else if (/\.dist-info\/METADATA$|\.egg-info(\/PKG-INFO)?$/.test(path)) {
      const p = python(text);
      if (p) add({ ...p, ecosystem: 'PyPI' });
    }
  }
  return [...out.values()];
}

const release = (r: string | undefined) => (r === undefined ? {} : { release: r });

interface OsInfo { id?: string; debian?: string; alpine?: string }

function osRelease(files: Map<string, Buffer>): OsInfo {
  const text = (files.get('etc/os-release') ?? files.get('usr/lib/os-release'))?.toString('utf8') ?? '';
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  const info: OsInfo = {};
  if (fields.ID) info.id = fields.ID;
  const alpine = files.get('etc/alpine-release')?.toString('utf8').trim().match(/^(\d+)\.(\d+)/);
  if (alpine) info.alpine = `v${alpine[1]}.${alpine[2]}`;
  // os-release's VERSION_ID is the major release; debian_version ("12.5") covers images without it.
  const debMajor = fields.ID === 'debian' && /^\d+$/.test(fields.VERSION_ID ?? '') ? fields.VERSION_ID : undefined;
  const fromFile = files.get('etc/debian_version')?.toString('utf8').trim().match(/^(\d+)(\.|$)/)?.[1];
  const debian = debMajor ?? fromFile;
  if (debian) info.debian = debian;
  return info;
}

/** RFC 822-style stanzas separated by blank lines; continuation lines are dropped. */
function stanzas(text: string): Record<string, string>[] {
  return text.split(/\r?\n\s*\r?\n/).map((block) => {
    const fields: Record<string, string> = {};
    for (const line of block.split(/\r?\n/)) {
      const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
      if (m) fields[m[1]] = m[2].trim();
    }
    return fields;
  });
}

/** dpkg status: installed packages as their source package and source version. */
function dpkg(text: string): { name: string; version: string }[] {
  const out: { name: string; version: string }[] = [];
  for (const s of stanzas(text)) {
    if (!s.Package || !s.Version) continue;
    if (s.Status && /\b(deinstall|purge)\b|not-installed|config-files/.test(s.Status)) continue;
    const src = /^(\S+)(?:\s+\((\S+)\))?$/.exec(s.Source ?? '');
    out.push({ name: src?.[1] ?? s.Package, version: src?.[2] ?? s.Version });
  }
  return out;
}

/** apk installed db: `P:` name, `V:` version, `o:` origin (the source package OSV uses). */
function apk(text: string): { name: string; version: string }[] {
  const out: { name: string; version: string }[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) if (line[1] === ':') fields[line[0]] ??= line.slice(2).trim();
    if (fields.P && fields.V) out.push({ name: fields.o || fields.P, version: fields.V });
  }
  return out;
}

function npm(text: string): { name: string; version: string } | undefined {
  try {
    const doc = JSON.parse(text) as { name?: unknown; version?: unknown };
    return typeof doc.name === 'string' && typeof doc.version === 'string' ? { name: doc.name, version: doc.version } : undefined;
  } catch {
    return undefined;
  }
}

/** Core metadata (METADATA / PKG-INFO): email-style headers up to the first blank line. */
function python(text: string): { name: string; version: string } | undefined {
  const head = text.split(/\r?\n\r?\n/)[0];
  const name = /^Name:\s*(.+)$/m.exec(head)?.[1].trim();
  const version = /^Version:\s*(.+)$/m.exec(head)?.[1].trim();
  return name && version ? { name, version } : undefined;
}
