/**
 * Image manifests: the media types Berth stores, and what a manifest references
 * (config and layers, or child manifests for an index), used for validation, sizes,
 * referrers and garbage collection.
 */
import { isDigest } from './digest.js';
import { isObject } from './json.js';

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

export const MANIFEST_TYPES: string[] = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList];

export function isIndexType(mediaType: string): boolean {
  return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
}

export interface Descriptor { mediaType: string; digest: string; size: number; artifactType?: string; annotations?: Record<string, string> }

export interface ParsedManifest {
  mediaType: string;
  /** Config (when any) then layers; for an index, the child manifests. */
  references: Descriptor[];
  config?: Descriptor;
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export type ManifestResult = { ok: true; manifest: ParsedManifest } | { ok: false; message: string };

function descriptor(v: unknown, where: string): Descriptor | string {
  const d = v as Partial<Descriptor> | null;
  if (!d || typeof d !== 'object') return `${where} is not a descriptor`;
  if (typeof d.mediaType !== 'string') return `${where}.mediaType is missing`;
  if (typeof d.digest !== 'string' || !isDigest(d.digest)) return `${where}.digest is invalid`;
  if (typeof d.size !== 'number' || !Number.isInteger(d.size) || d.size < 0) return `${where}.size is invalid`;
  return { mediaType: d.mediaType, digest: d.digest, size: d.size, artifactType: d.artifactType, annotations: d.annotations };
}

function descriptors(v: unknown, where: string): Descriptor[] | string {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return `${where} is not a list`;
  const out: Descriptor[] = [];
  for (const [i, item] of v.entries()) {
    const d = descriptor(item, `${where}[${i}]`);
    if (typeof d === 'string') return d;
    out.push(d);
  }
  return out;
}

/**
 * Parses manifest bytes. `declared` is the Content-Type (or ECR's imageManifestMediaType);
 * the document's own mediaType wins when present and must agree with it.
 */
export function parseManifest(bytes: Buffer, declared?: string): ManifestResult {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, message: 'manifest is not valid JSON' };
  }
  if (!isObject(doc) || Array.isArray(doc)) return { ok: false, message: 'manifest is not a JSON object' };
  const own = doc.mediaType ?? undefined;
  if (own !== undefined && typeof own !== 'string') return { ok: false, message: `unsupported manifest media type ${String(own)}` };
  const declaredType = declared?.split(';')[0].trim();
  const mediaType = own ?? (declaredType && declaredType !== 'application/json' ? declaredType : undefined) ?? inferType(doc);
  if (!mediaType || !MANIFEST_TYPES.includes(mediaType)) return { ok: false, message: `unsupported manifest media type ${mediaType ?? '(none)'}` };
  if (own && declaredType && MANIFEST_TYPES.includes(declaredType) && declaredType !== own) {
    return { ok: false, message: `manifest mediaType ${own} does not match Content-Type ${declaredType}` };
  }
  if (doc.schemaVersion !== 2) return { ok: false, message: 'schemaVersion must be 2' };
  const subject = doc.subject === undefined ? undefined : descriptor(doc.subject, 'subject');
  if (typeof subject === 'string') return { ok: false, message: subject };
  const annotations = stringMap(doc.annotations);
  if (annotations === false) return { ok: false, message: 'annotations is not a map of strings' };
  const base = { mediaType, subject, artifactType: typeof doc.artifactType === 'string' ? doc.artifactType : undefined, annotations };
  if (isIndexType(mediaType)) {
    const children = descriptors(doc.manifests, 'manifests');
    if (typeof children === 'string') return { ok: false, message: children };
    return { ok: true, manifest: { ...base, references: children } };
  }
  const config = descriptor(doc.config, 'config');
  if (typeof config === 'string') return { ok: false, message: config };
  const layers = descriptors(doc.layers, 'layers');
  if (typeof layers === 'string') return { ok: false, message: layers };
  return { ok: true, manifest: { ...base, config, references: [config, ...layers] } };
}

/**
 * OCI annotations are a string-to-string map; the image keeps them to serve in referrers
 * lists, so anything else is refused (as distribution does) rather than stored. undefined
 * when absent, false when not such a map.
 */
function stringMap(v: unknown): Record<string, string> | undefined | false {
  if (v === undefined) return undefined;
  if (!isObject(v) || Array.isArray(v)) return false;
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') return false;
    out[k] = value;
  }
  return out;
}

/** OCI manifests may omit mediaType; the shape tells an index (manifests) from an image (config). */
function inferType(doc: Record<string, unknown>): string | undefined {
  if (Array.isArray(doc.manifests)) return MEDIA.ociIndex;
  if (doc.config) return MEDIA.ociManifest;
  return undefined;
}

/** The referrers API's artifactType: the manifest's own, else its config's media type (images only). */
export function artifactTypeOf(m: ParsedManifest): string | undefined {
  return m.artifactType ?? (isIndexType(m.mediaType) ? undefined : m.config?.mediaType);
}

/** Whether an Accept header admits a media type (no header, `*\/*` and `application/json` admit everything). */
export function accepts(acceptHeader: string | string[] | undefined, mediaType: string): boolean {
  const values = (Array.isArray(acceptHeader) ? acceptHeader.join(',') : acceptHeader ?? '').split(',').map((v) => v.split(';')[0].trim()).filter(Boolean);
  if (values.length === 0) return true;
  return values.some((v) => v === mediaType || v === '*/*' || v === 'application/json');
}
