/**
 * Registry metadata kept in the Store. Ids start with the repository id and then `|`
 * (a character repository names cannot hold), so a prefix lists one repository's
 * images, tags or layer links and never those of `team` when asking for `team/web`.
 * Private repositories are per region, as in AWS; ECR Public ones are global. Fields the
 * API answers use the contract types, so handlers return them without conversion.
 */
import { EncryptionConfiguration, ImageScanFinding, ImageScanStatus, ImageTagMutabilityExclusionFilter, Repository, Tag } from '../../../protocol/generated/ecr.js';
import { RepositoryCatalogData } from '../../../protocol/generated/ecr-public.js';

export const KIND = {
  repository: 'ecr/repository',
  image: 'ecr/image',
  tag: 'ecr/tag',
  layer: 'ecr/layer',
  upload: 'ecr/upload',
  registry: 'ecr/registry',
  lifecyclePreview: 'ecr/lifecycle-preview',
} as const;

/** Private ECR repositories and ECR Public repositories live side by side. */
export type Namespace = 'private' | 'public';

/** `private/<region>/<account>/<name>`: the region first, so no id can be read as the regionless `private/<account>/<name>` of old. */
export const privateRepoId = (region: string, accountId: string, name: string) => `private/${region}/${accountId}/${name}`;
export const publicRepoId = (accountId: string, name: string) => `public/${accountId}/${name}`;
/** The repository name inside a repository id. */
export const nameOfRepoId = (id: string) => id.split('/').slice(id.startsWith('private/') ? 3 : 2).join('/');
export const childPrefix = (repo: string) => `${repo}|`;
export const imageId = (repo: string, digest: string) => `${repo}|${digest}`;
export const repoOfImageId = (id: string) => id.slice(0, id.lastIndexOf('|'));
export const tagId = (repo: string, tag: string) => `${repo}|${tag}`;
export const layerId = (repo: string, digest: string) => `${repo}|${digest}`;

export type TagMutability = NonNullable<Repository['imageTagMutability']>;
type ScanStatus = NonNullable<ImageScanStatus['status']>;

export interface RepositoryDoc {
  ns: Namespace;
  repositoryName: string;
  registryId: string;
  region: string;
  createdAt: string;
  imageTagMutability: TagMutability;
  imageTagMutabilityExclusionFilters?: ImageTagMutabilityExclusionFilter[];
  imageScanningConfiguration: { scanOnPush: boolean };
  encryptionConfiguration: EncryptionConfiguration;
  tags: Tag[];
  policyText?: string;
  lifecyclePolicyText?: string;
  lifecyclePolicyUpdatedAt?: string;
  /** Last periodic lifecycle run over this repository. */
  lifecycleEvaluatedAt?: string;
  /** ECR Public catalog data as CreateRepository answers it (public.ts keeps what was given but the logo). */
  catalogData?: RepositoryCatalogData;
}

export interface ScanRecord {
  status: ScanStatus;
  /**
   * When the scan that counts against the one-scan-a-day quota started; kept by its COMPLETE
   * record. Absent when nothing is charged: failures, and scans resumed after a stop.
   */
  startedAt?: string;
  description?: string;
  completedAt?: string;
  vulnerabilitySourceUpdatedAt?: string;
  findingSeverityCounts?: Record<string, number>;
  findings?: ImageScanFinding[];
}

export interface ImageDoc {
  digest: string;
  mediaType: string;
  artifactType?: string;
  /** Config media type, ECR's artifactMediaType. */
  configMediaType?: string;
  manifestSize: number;
  imageSizeInBytes: number;
  /** Digests of the config and layers, or of the child manifests of an index. */
  references: string[];
  subject?: string;
  annotations?: Record<string, string>;
  pushedAt: string;
  lastPulledAt?: string;
  scan?: ScanRecord;
}

export interface TagDoc { tag: string; digest: string; at: string }

/** A blob this repository may serve: uploaded, mounted or referenced by one of its images. */
export interface LayerDoc { digest: string; size: number; mediaType?: string; at: string }

export interface UploadDoc { id: string; repo: string; startedAt: string }
