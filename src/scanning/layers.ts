// Flattens an image's layers in memory, keeping only the files the inventory needs. Layers are
// streamed (gzip or plain tar); whiteouts of each layer apply to the layers below it.
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';

export interface ImageLayer { digest: string; mediaType: string; open(): Promise<NodeJS.ReadableStream> }

/** The layer cannot be read (zstd, or not a filesystem layer); ECR reports UNSUPPORTED_IMAGE. */
export class UnsupportedLayerError extends Error {}

/** A single wanted file larger than this is skipped rather than held in memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

type Entry = tar.Extract extends AsyncIterable<infer E> ? E : never;

const TAR_TYPES = [
  'application/vnd.oci.image.layer.v1.tar',
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.diff.tar',
];

/** Path → content of the wanted files present in the flattened image. */
export async function collectFiles(layers: ImageLayer[], wanted: (path: string) => boolean): Promise<Map<string, Buffer>> {
  for (const layer of layers) {
    if (!TAR_TYPES.includes(layer.mediaType)) throw new UnsupportedLayerError(`layer ${layer.digest}: unsupported media type ${layer.mediaType}`);
  }
  const files = new Map<string, Buffer>();
  for (const layer of layers) await applyLayer(files, layer, wanted);
  return files;
}

export function normalizePath(name: string): string {
  const p = posix.normalize(`/${name}`).slice(1);
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

async function applyLayer(files: Map<string, Buffer>, layer: ImageLayer, wanted: (path: string) => boolean): Promise<void> {
  const added = new Map<string, Buffer>();
  const removed: string[] = [];
  const opaque: string[] = [];
  const lowerDirs = ancestors(files.keys());
  for await (const entry of entries(await layer.open())) {
    // Directory entries merge with lower directories (re-listed parents of changed files).
    if (entry.header.type === 'directory') {
      entry.resume();
      continue;
    }
    const path = normalizePath(entry.header.name);
    const base = posix.basename(path);
    const dir = posix.dirname(path);
    if (base === OPAQUE) opaque.push(dir === '.' ? '' : dir);
    else if (base.startsWith(WHITEOUT)) removed.push(posix.join(dir, base.slice(WHITEOUT.length)));
    else if (wanted(path)) {
      const data = await content(entry, added, files);
      if (data) added.set(path, data);
      else removed.push(path); // unreadable here, but it still replaces the lower file
    } else if (files.has(path) || lowerDirs.has(path)) removed.push(path); // a non-directory hides what was below
    entry.resume();
  }
  for (const path of removed) deleteTree(files, path);
  for (const dir of opaque) deleteTree(files, dir, true);
  for (const [path, data] of added) files.set(path, data);
}

/** A wanted entry's bytes: a regular file's own, a hard link's target's; else undefined. */
async function content(entry: Entry, added: Map<string, Buffer>, lower: Map<string, Buffer>): Promise<Buffer | undefined> {
  const { type, size, linkname } = entry.header;
  if (type === 'file' || type === 'contiguous-file') return (size ?? 0) <= MAX_FILE_BYTES ? readAll(entry) : undefined;
  if (type === 'link' && linkname) {
    // Hard links point at an earlier file of this or a lower layer.
    const target = normalizePath(linkname);
    return added.get(target) ?? lower.get(target);
  }
  return undefined;
}

function ancestors(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const path of paths) {
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) dirs.add(path.slice(0, i));
  }
  return dirs;
}

function deleteTree(files: Map<string, Buffer>, path: string, contentsOnly = false): void {
  if (!contentsOnly) files.delete(path);
  const prefix = path === '' ? '' : `${path}/`;
  for (const key of [...files.keys()]) if (key.startsWith(prefix)) files.delete(key);
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The tar entries of a layer, gunzipping when the content starts with gzip's magic bytes. */
async function* entries(raw: NodeJS.ReadableStream): AsyncGenerator<Entry> {
  const source = raw as AsyncIterable<Buffer>;
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return; // an empty blob: nothing to apply
  const head = Buffer.from(first.value);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) throw new UnsupportedLayerError('zstd-compressed layers are not supported');
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  }
  const extract = tar.extract();
  const input = Readable.from(all());
  const piping = gzip ? pipeline(input, createGunzip(), extract) : pipeline(input, extract);
  piping.catch(() => undefined); // surfaced by the iteration below
  yield* extract;
  await piping;
}
