/** Builds an OCI image layout of random-data layers (uncompressed tars) for the registry benchmark. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { run } from './bench-support.js';

async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (let left = bytes; left > 0; left -= 1 << 20) {
    if (!out.write(randomBytes(Math.min(left, 1 << 20)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function putJson(blobs: string, doc: object): { digest: string; size: number } {
  const bytes = Buffer.from(JSON.stringify(doc));
  const hex = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(blobs, hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

/** `oci:<dir>:bench`: `layers` layers of `layerBytes` random bytes each. */
export async function buildOciLayout(dir: string, layers: number, layerBytes: number): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const descs: { mediaType: string; digest: string; size: number }[] = [];
  for (let i = 0; i < layers; i++) {
    const work = join(dir, `layer-${i}`);
    mkdirSync(work);
    await writeRandomFile(join(work, `data-${i}.bin`), layerBytes);
    const tar = join(dir, `layer-${i}.tar`);
    await run('tar', ['--numeric-owner', '-C', work, '-cf', tar, '.']);
    rmSync(work, { recursive: true });
    const hex = await sha256File(tar);
    renameSync(tar, join(blobs, hex));
    descs.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex}`, size: layerBytes + 3 * 512 });
  }
  const { stdout } = await run('bash', ['-c', `for f in ${descs.map((d) => join(blobs, d.digest.slice(7))).join(' ')}; do stat -c %s "$f"; done`]);
  stdout.trim().split('\n').forEach((s, i) => (descs[i].size = Number(s)));
  const config = putJson(blobs, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: descs.map((d) => d.digest) }, config: {} });
  const manifest = putJson(blobs, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: descs });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'bench' } }],
  }));
}
