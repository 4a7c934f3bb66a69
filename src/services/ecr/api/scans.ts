/**
 * Basic image scanning: StartImageScan, DescribeImageScanFindings and scan on push, over the
 * offline scanner in src/scanning. A scan runs in the background; its state and findings
 * are kept on the image record.
 */
import { clientError } from '../../../protocol/errors.js';
import { ImageIdentifier, Operations } from '../../../protocol/generated/ecr.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Logger } from '../../../platform/log.js';
import { matchWildcard } from '../../../platform/wildcard.js';
import { isIndexType } from '../domain/manifest.js';
import { ImageDoc, imageId, KIND, repoOfImageId, RepositoryDoc, ScanRecord } from '../domain/records.js';
import { openVulnerabilityDb, scanImage, UnsupportedLayerError } from '../../../scanning/index.js';
import { page } from './pagination.js';
import { EcrDeps } from '../domain/context.js';
import { imageIdText } from './image-view.js';
import { findRepository } from './names.js';
import { registrySettings } from './registry-ops.js';

const DAY_MS = 24 * 3600_000;

export class Scanner {
  constructor(private readonly deps: EcrDeps, private readonly dataDir: string, private readonly log: Logger) {}

  private save(repo: string, digest: string, scan: ScanRecord): void {
    this.deps.store.transact((tx) => {
      const rec = tx.get<ImageDoc>(KIND.image, imageId(repo, digest));
      if (rec) tx.put(KIND.image, imageId(repo, digest), { ...rec.doc, scan });
    });
  }

  /** Marks the image IN_PROGRESS, charged against the daily quota, and scans it in the background. */
  start(repo: string, image: ImageDoc): void {
    this.save(repo, image.digest, { status: 'IN_PROGRESS', startedAt: this.deps.clock.now().toISOString() });
    void this.scan(repo, image);
  }

  /**
   * Scans a stop interrupted (still IN_PROGRESS in the Store) run again, one at a time in the
   * background. They are no longer charged: the scan the caller asked for never finished, and
   * a charge would refuse StartImageScan for a day.
   */
  resumeInterrupted(): Promise<void> {
    const interrupted = this.deps.store.list<ImageDoc>(KIND.image).filter((r) => r.doc.scan?.status === 'IN_PROGRESS');
    for (const r of interrupted) this.save(repoOfImageId(r.id), r.doc.digest, { status: 'IN_PROGRESS' });
    if (interrupted.length) this.log.info('resuming image scans interrupted by a stop', { count: interrupted.length });
    return interrupted.reduce((done, r) => done.then(() => this.scan(repoOfImageId(r.id), r.doc)), Promise.resolve());
  }

  private async scan(repo: string, image: ImageDoc): Promise<void> {
    try {
      await this.run(repo, image);
    } catch (err) {
      this.log.error('image scan failed', { digest: image.digest, err });
      this.save(repo, image.digest, { status: 'FAILED', description: 'The scan failed because of an internal error.' });
    }
  }

  private async run(repo: string, image: ImageDoc): Promise<void> {
    const db = await openVulnerabilityDb(this.dataDir);
    if (!db) {
      this.save(repo, image.digest, { status: 'FAILED', description: 'No vulnerability database is imported: run `berth scan-db import`.' });
      return;
    }
    const blobs = this.deps.registry.blobs;
    const layers = (await this.layersOf(image)).map((l) => ({ ...l, open: async () => blobs.open(l.digest) }));
    try {
      const { findings, counts } = await scanImage(layers, db);
      this.complete(repo, image.digest, {
        status: 'COMPLETE', description: 'The scan was completed successfully.', completedAt: this.deps.clock.now().toISOString(),
        vulnerabilitySourceUpdatedAt: db.sourceUpdatedAt.toISOString(), findingSeverityCounts: counts, findings,
      });
    } catch (e) {
      if (!(e instanceof UnsupportedLayerError)) throw e;
      this.save(repo, image.digest, { status: 'UNSUPPORTED_IMAGE', description: 'The operating system and/or package manager are not supported.' });
    }
  }

  /** A completed scan keeps the charge of the record it completes (none for a resumed scan). */
  private complete(repo: string, digest: string, scan: ScanRecord): void {
    this.deps.store.transact((tx) => {
      const rec = tx.get<ImageDoc>(KIND.image, imageId(repo, digest));
      if (rec) tx.put(KIND.image, imageId(repo, digest), { ...rec.doc, scan: { ...scan, startedAt: rec.doc.scan?.startedAt } });
    });
  }

  private async layersOf(image: ImageDoc): Promise<{ digest: string; mediaType: string }[]> {
    // An image manifest, checked by parseManifest when it was pushed.
    const manifest: { layers?: { digest: string; mediaType: string }[] } = JSON.parse((await this.deps.registry.blobs.read(image.digest)).toString('utf8'));
    return (manifest.layers ?? []).map((l) => ({ digest: l.digest, mediaType: l.mediaType }));
  }

  /** Scan on push: the repository's scanOnPush or a registry SCAN_ON_PUSH rule matching its name. */
  onPush(repo: string, image: ImageDoc): void {
    if (isIndexType(image.mediaType) || !image.references.length) return;
    const doc = this.deps.store.get<RepositoryDoc>(KIND.repository, repo)?.doc;
    if (!doc || doc.ns !== 'private') return;
    const rules = registrySettings(this.deps, { region: doc.region, accountId: doc.registryId }).rules;
    const byRule = rules.some((r) => r.scanFrequency === 'SCAN_ON_PUSH' && r.repositoryFilters.some((f) => matchWildcard(f.filter, doc.repositoryName)));
    if (doc.imageScanningConfiguration.scanOnPush || byRule) this.start(repo, image);
  }
}

export function makeScanOps(deps: EcrDeps, scanner: Scanner): TypedHandlers<Operations> {
  function image(input: { registryId?: string; repositoryName: string; imageId: ImageIdentifier }, ctx: RequestContext) {
    const { id, doc } = findRepository(deps, ctx, input);
    const ref = input.imageId;
    const found = deps.registry.resolve(deps.store, id, ref.imageDigest ?? ref.imageTag ?? '');
    if (!found || (ref.imageTag && ref.imageDigest && deps.registry.resolve(deps.store, id, ref.imageTag)?.digest !== ref.imageDigest)) {
      throw clientError('ImageNotFoundException', `The image with imageId ${imageIdText(ref)} does not exist within the repository with name '${doc.repositoryName}' in the registry with id '${doc.registryId}'`);
    }
    return { id, doc, found, ref };
  }

  return {
    StartImageScan(input, ctx) {
      const { id, doc, found, ref } = image(input, ctx);
      if (isIndexType(found.mediaType)) throw clientError('UnsupportedImageTypeException', 'The image type is not supported for scanning.');
      const last = found.scan?.startedAt;
      if (last && ctx.now.getTime() - Date.parse(last) < DAY_MS) throw clientError('LimitExceededException', 'The scan quota per image has been exceeded. Wait and try again.');
      scanner.start(id, found);
      return { registryId: doc.registryId, repositoryName: doc.repositoryName, imageId: { imageDigest: found.digest, imageTag: ref.imageTag }, imageScanStatus: { status: 'IN_PROGRESS' } };
    },

    DescribeImageScanFindings(input, ctx) {
      const { doc, found, ref } = image(input, ctx);
      const scan = found.scan;
      if (!scan) {
        throw clientError('ScanNotFoundException', `Image scan does not exist for the image with '${imageIdText(ref)}' in the repository with name '${doc.repositoryName}' in the registry with id '${doc.registryId}'`);
      }
      const findings = (scan.findings ?? []).map((f, i) => ({ f, key: String(i).padStart(7, '0') }));
      const { items, nextToken } = page(findings, (x) => x.key, input.nextToken, input.maxResults, 100, 1000);
      return {
        registryId: doc.registryId, repositoryName: doc.repositoryName, imageId: { imageDigest: found.digest, imageTag: ref.imageTag },
        imageScanStatus: { status: scan.status, description: scan.description }, nextToken,
        imageScanFindings: scan.status === 'COMPLETE' ? {
          imageScanCompletedAt: new Date(scan.completedAt!), vulnerabilitySourceUpdatedAt: scan.vulnerabilitySourceUpdatedAt ? new Date(scan.vulnerabilitySourceUpdatedAt) : undefined,
          findingSeverityCounts: scan.findingSeverityCounts, findings: items.map((x) => x.f),
        } : undefined,
      };
    },
  };
}
