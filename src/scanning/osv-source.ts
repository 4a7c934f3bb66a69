// Reads OSV records from what osv.dev distributes: a directory of JSON files (nested per
// ecosystem or not, possibly holding zips), a zip such as all.zip or <ECOSYSTEM>/all.zip, or one file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { isOsvRecord, OsvRecord } from './osv.js';

export async function* readOsvSource(source: string): AsyncGenerator<OsvRecord> {
  const info = await stat(source);
  if (info.isDirectory()) yield* readDirectory(source);
  else if (source.toLowerCase().endsWith('.zip')) yield* readZip(source);
  else yield* parse(await readFile(source), source);
}

async function* readDirectory(dir: string): AsyncGenerator<OsvRecord> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const lower = entry.name.toLowerCase();
    if (entry.isDirectory()) yield* readDirectory(path);
    else if (lower.endsWith('.zip')) yield* readZip(path);
    else if (lower.endsWith('.json')) yield* parse(await readFile(path), path);
  }
}

function* parse(data: Buffer, where: string): Generator<OsvRecord> {
  let doc: unknown;
  try {
    doc = JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${(err as Error).message})`);
  }
  // A file is one record; accept arrays too, as some mirrors bundle them.
  for (const item of Array.isArray(doc) ? doc : [doc]) if (isOsvRecord(item)) yield item;
}

async function* readZip(path: string): AsyncGenerator<OsvRecord> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, z) => (err ? reject(err) : resolve(z))));
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      if (entry.fileName.toLowerCase().endsWith('.json')) yield* parse(await readEntry(zip, entry), `${path}:${entry.fileName}`);
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: yauzl.Entry) => { cleanup(); resolve(e); };
    const onEnd = () => { cleanup(); resolve(undefined); };
    const onError = (err: Error) => { cleanup(); reject(err); };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}
