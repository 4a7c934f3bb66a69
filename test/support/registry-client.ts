/** Plain-fetch helpers for Berth's /v2/ registry in end-to-end tests. */
import { createHash } from 'node:crypto';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { RunningBerth, TEST_CREDENTIALS } from './berth-process.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

export function digestOf(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function ecrClient(berth: RunningBerth, region = 'us-east-1'): ECRClient {
  return new ECRClient({ endpoint: berth.endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** The password half of the GetAuthorizationToken token. */
export async function registryPassword(berth: RunningBerth): Promise<string> {
  const out = await ecrClient(berth).send(new GetAuthorizationTokenCommand({}));
  return Buffer.from(out.authorizationData![0].authorizationToken!, 'base64').toString('utf8').slice('AWS:'.length);
}

export class RegistryClient {
  constructor(readonly base: string, readonly authorization?: string) {}

  static async login(berth: RunningBerth): Promise<RegistryClient> {
    return new RegistryClient(berth.endpoint, `Basic ${Buffer.from(`AWS:${await registryPassword(berth)}`).toString('base64')}`);
  }

  anonymous(): RegistryClient {
    return new RegistryClient(this.base);
  }

  fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.authorization) headers.authorization = this.authorization;
    return fetch(url, { ...init, headers, redirect: 'manual' } as RequestInit);
  }

  /** A token from the Docker token endpoint, fetched with this client's credentials (none when anonymous). */
  async bearerToken(...scopes: string[]): Promise<string> {
    const query = scopes.map((s) => `&scope=${encodeURIComponent(s)}`).join('');
    const res = await this.fetch(`/v2/token?service=berth${query}`);
    if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  /** Monolithic POST + PUT; returns the digest. */
  async pushBlob(name: string, data: Buffer | string): Promise<string> {
    const digest = digestOf(data);
    const post = await this.fetch(`/v2/${name}/blobs/uploads/`, { method: 'POST' });
    if (post.status !== 202) throw new Error(`POST upload: ${post.status} ${await post.text()}`);
    const location = post.headers.get('location')!;
    const put = await this.fetch(`${location}${location.includes('?') ? '&' : '?'}digest=${digest}`, {
      method: 'PUT', body: Buffer.from(data), headers: { 'content-type': 'application/octet-stream' },
    });
    if (put.status !== 201) throw new Error(`PUT upload: ${put.status} ${await put.text()}`);
    return digest;
  }

  /** Pushes config + layers and an OCI image manifest under `ref`; returns the manifest digest and bytes. */
  async pushImage(name: string, ref: string, layers: (string | Buffer)[], extra: object = {}): Promise<{ digest: string; manifest: Buffer }> {
    const blobs = layers.map((l) => Buffer.from(l));
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: blobs.map(digestOf) }, ref });
    const configDigest = await this.pushBlob(name, config);
    const layerDescs = [];
    for (const l of blobs) layerDescs.push({ mediaType: OCI_LAYER, digest: await this.pushBlob(name, l), size: l.length });
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: configDigest, size: Buffer.byteLength(config) }, layers: layerDescs, ...extra,
    }));
    const res = await this.putManifest(name, ref, manifest);
    if (res.status !== 201) throw new Error(`PUT manifest: ${res.status} ${await res.text()}`);
    return { digest: digestOf(manifest), manifest };
  }

  putManifest(name: string, ref: string, body: Buffer, type = OCI_MANIFEST): Promise<Response> {
    return this.fetch(`/v2/${name}/manifests/${ref}`, { method: 'PUT', body, headers: { 'content-type': type } });
  }
}

/** The first error code of a distribution-spec error body. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { errors?: { code: string }[] };
  return body.errors?.[0]?.code;
}
