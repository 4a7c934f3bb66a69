// Builders for the scanning tests: image layers made in-process and a store-only zip writer.
import { Readable } from 'node:stream';
import { crc32, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import type { ImageLayer } from './layers.js';

export interface TarItem { name: string; content?: string; type?: 'file' | 'directory' | 'symlink' | 'link'; linkname?: string }

export const OCI_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_TAR = 'application/vnd.oci.image.layer.v1.tar';
export const DOCKER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export async function tarball(items: TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const item of items) {
    const type = item.type ?? 'file';
    if (type === 'file') pack.entry({ name: item.name, type }, item.content ?? '');
    else pack.entry({ name: item.name, type, linkname: item.linkname });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let layerCount = 0;

/** A layer whose blob is the tar, gzipped unless the media type is a plain tar. */
export async function layer(items: TarItem[], mediaType = OCI_GZIP): Promise<ImageLayer> {
  const raw = await tarball(items);
  const blob = mediaType.endsWith('tar') ? raw : gzipSync(raw);
  return { digest: `sha256:test-layer-${++layerCount}`, mediaType, open: async () => Readable.from([blob]) };
}

/** A minimal zip (stored, no compression) with the given entries. */
export function storeZip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
