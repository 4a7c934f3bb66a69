/**
 * Lifecycle policy previews and basic image scanning (StartImageScan, scan on push,
 * DescribeImageScanFindings) through the ECR API against a real Berth, with a small OSV
 * database imported into its data dir before it starts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CreateRepositoryCommand, DescribeImagesCommand, DescribeImageScanFindingsCommand, DescribeImageScanFindingsCommandOutput, ECRClient,
  GetLifecyclePolicyPreviewCommand, PutLifecyclePolicyCommand, StartImageScanCommand, StartLifecyclePolicyPreviewCommand,
} from '@aws-sdk/client-ecr';
import { importVulnerabilityDb } from '../../src/scanning/index.js';
import { tarball } from '../../src/scanning/scan-test-support.js';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { ecrClient, RegistryClient } from '../support/registry-client.js';

const ADVISORY = {
  id: 'CVE-2099-0001', modified: '2026-01-01T00:00:00Z', summary: 'openssl test advisory',
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.9-1' }] }] }],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
};

async function debianLayer(): Promise<Buffer> {
  return gzipSync(await tarball([
    { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
    { name: 'var/lib/dpkg/status', content: 'Package: openssl\nStatus: install ok installed\nVersion: 3.0.0-1\n\n' },
  ]));
}

describe('lifecycle previews and image scanning', () => {
  let berth: RunningBerth;
  let ecr: ECRClient;
  let reg: RegistryClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));

  before(async () => {
    const osv = join(dataDir, 'osv-source');
    mkdirSync(osv);
    writeFileSync(join(osv, `${ADVISORY.id}.json`), JSON.stringify(ADVISORY));
    await importVulnerabilityDb(dataDir, osv);
    rmSync(osv, { recursive: true });
    berth = await startBerthProcess({ dataDir });
    ecr = ecrClient(berth);
    reg = await RegistryClient.login(berth);
  });
  after(async () => berth?.destroy());

  it('previews what a lifecycle policy would expire', async () => {
    const repositoryName = 'lifecycle/app';
    await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    const old = [];
    for (const n of [1, 2, 3]) old.push(await reg.pushImage(repositoryName, `sha-${n}`, [`layer ${n}`]));
    for (const n of [1, 2, 3]) await reg.fetch(`/v2/${repositoryName}/manifests/sha-${n}`, { method: 'DELETE' });
    await reg.pushImage(repositoryName, 'prod-1', ['prod layer']);
    const lifecyclePolicyText = JSON.stringify({ rules: [{ rulePriority: 1, description: 'keep one untagged', selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] });
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText }));
    const started = await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName }));
    assert.equal(started.status, 'IN_PROGRESS');
    const preview = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName }));
    assert.equal(preview.status, 'COMPLETE');
    assert.equal(preview.summary!.expiringImageTotalCount, 2);
    assert.deepEqual(preview.previewResults!.map((r) => [r.action!.type, r.appliedRulePriority, r.imageTags]), [['EXPIRE', 1, undefined], ['EXPIRE', 1, undefined]]);
    const newest = old[2].digest;
    assert.ok(!preview.previewResults!.some((r) => r.imageDigest === newest), 'the newest untagged image is kept');
  });

  function findings(repositoryName: string, imageTag: string): Promise<DescribeImageScanFindingsCommandOutput> {
    return eventually(async () => {
      const out = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageTag } }));
      return out.imageScanStatus?.status === 'COMPLETE' ? out : undefined;
    }, 'scan to complete');
  }

  it('scans an image on request and reports findings as ECR basic scanning does', async () => {
    const repositoryName = 'scan/manual';
    await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    await reg.pushImage(repositoryName, 'v1', [await debianLayer()]);
    await assert.rejects(ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageTag: 'v1' } })), { name: 'ScanNotFoundException' });
    const started = await ecr.send(new StartImageScanCommand({ repositoryName, imageId: { imageTag: 'v1' } }));
    assert.equal(started.imageScanStatus!.status, 'IN_PROGRESS');
    const out = await findings(repositoryName, 'v1');
    assert.deepEqual(out.imageScanFindings!.findingSeverityCounts, { CRITICAL: 1 });
    const f = out.imageScanFindings!.findings![0];
    assert.equal(f.name, 'CVE-2099-0001');
    assert.equal(f.severity, 'CRITICAL');
    assert.ok(f.attributes!.some((a) => a.key === 'package_name' && a.value === 'openssl'));
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] }));
    assert.equal(imageDetails![0].imageScanStatus!.status, 'COMPLETE');
    assert.deepEqual(imageDetails![0].imageScanFindingsSummary!.findingSeverityCounts, { CRITICAL: 1 });
    await assert.rejects(ecr.send(new StartImageScanCommand({ repositoryName, imageId: { imageTag: 'v1' } })), { name: 'LimitExceededException' });
  });

  it('scans on push when the repository asks for it', async () => {
    const repositoryName = 'scan/on-push';
    await ecr.send(new CreateRepositoryCommand({ repositoryName, imageScanningConfiguration: { scanOnPush: true } }));
    await reg.pushImage(repositoryName, 'v1', [await debianLayer()]);
    const out = await findings(repositoryName, 'v1');
    assert.equal(out.imageScanFindings!.findings!.length, 1);
  });
});
