/**
 * Manifest content negotiation as ECR does it: a manifest is served as stored when the
 * client's Accept admits its type; by tag, an image manifest is translated between Docker
 * schema 2 and OCI when only the other is accepted; by digest it is never converted
 * (the client gets MANIFEST_UNKNOWN).
 */
import { sha256Digest } from './digest.js';
import { RegistryError } from './errors.js';
import { accepts, MEDIA } from './manifest.js';

const LAYER_TO_OCI: Record<string, string> = {
  'application/vnd.docker.image.rootfs.diff.tar.gzip': 'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip': 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.docker.container.image.v1+json': 'application/vnd.oci.image.config.v1+json',
};
const LAYER_TO_DOCKER = Object.fromEntries(Object.entries(LAYER_TO_OCI).map(([k, v]) => [v, k]));

export interface Served { bytes: Buffer; mediaType: string; digest: string }

export function negotiate(bytes: Buffer, mediaType: string, digest: string, accept: string | string[] | undefined, byTag: boolean): Served {
  if (accepts(accept, mediaType)) return { bytes, mediaType, digest };
  const target = mediaType === MEDIA.dockerManifest ? MEDIA.ociManifest : mediaType === MEDIA.ociManifest ? MEDIA.dockerManifest : undefined;
  if (byTag && target && accepts(accept, target)) {
    const translated = translate(bytes, target);
    if (translated) return { bytes: translated, mediaType: target, digest: sha256Digest(translated) };
  }
  throw new RegistryError('MANIFEST_UNKNOWN', `The manifest's media type ${mediaType} is not in the Accept header`, { mediaType });
}

/** A descriptor as stored: its mediaType and whatever else it carries (urls, annotations, …), kept as is. */
type StoredDescriptor = { mediaType: string } & Record<string, unknown>;

/** An image manifest as stored: parseManifest checked config and layers when it was pushed. */
interface StoredImageManifest { config: StoredDescriptor; layers?: StoredDescriptor[]; subject?: unknown; artifactType?: unknown; annotations?: unknown }

/** Rewrites the media types of an image manifest; undefined when a type has no counterpart. */
function translate(bytes: Buffer, target: string): Buffer | undefined {
  const doc: StoredImageManifest = JSON.parse(bytes.toString('utf8'));
  const map = target === MEDIA.ociManifest ? LAYER_TO_OCI : LAYER_TO_DOCKER;
  const layers = doc.layers ?? [];
  if ([doc.config, ...layers].some((d) => !map[d.mediaType])) return undefined;
  if (target === MEDIA.dockerManifest && (doc.subject || doc.artifactType)) return undefined;
  const rewrite = (d: StoredDescriptor): StoredDescriptor => ({ ...d, mediaType: map[d.mediaType] });
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: target, config: rewrite(doc.config), layers: layers.map(rewrite), ...(doc.annotations ? { annotations: doc.annotations } : {}) }));
}
