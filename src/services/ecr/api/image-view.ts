/** ImageDetail and ImageIdentifier views of stored images. */
import { ImageDetail, ImageIdentifier } from '../../../protocol/generated/ecr.js';
import { ImageDoc, RepositoryDoc } from '../domain/records.js';

export function imageIdText(id: ImageIdentifier): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

export function imageDetail(repo: RepositoryDoc, image: ImageDoc, tags: string[]): ImageDetail {
  const scan = image.scan;
  return {
    registryId: repo.registryId,
    repositoryName: repo.repositoryName,
    imageDigest: image.digest,
    imageTags: tags.length ? tags : undefined,
    imageSizeInBytes: image.imageSizeInBytes,
    imagePushedAt: new Date(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    artifactMediaType: image.configMediaType,
    lastRecordedPullTime: image.lastPulledAt ? new Date(image.lastPulledAt) : undefined,
    subjectManifestDigest: image.subject,
    imageStatus: 'ACTIVE',
    imageScanStatus: scan ? { status: scan.status, description: scan.description } : undefined,
    imageScanFindingsSummary: scan?.completedAt ? {
      imageScanCompletedAt: new Date(scan.completedAt),
      vulnerabilitySourceUpdatedAt: scan.vulnerabilitySourceUpdatedAt ? new Date(scan.vulnerabilitySourceUpdatedAt) : undefined,
      findingSeverityCounts: scan.findingSeverityCounts,
    } : undefined,
  };
}

export function matchesTagStatus(tags: string[], status: string | undefined): boolean {
  if (status === 'TAGGED') return tags.length > 0;
  if (status === 'UNTAGGED') return tags.length === 0;
  return true;
}
