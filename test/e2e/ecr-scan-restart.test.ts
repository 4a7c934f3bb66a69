/**
 * A scan in progress when Berth is killed is resumed on the next start, and does not hold
 * the one-scan-a-day quota: StartImageScan is allowed once it completes. The image is made
 * slow to scan naturally: a layer of 2 GiB of zeros (a few seconds to inflate, 2 MB to push).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateRepositoryCommand, DescribeImageScanFindingsCommand, StartImageScanCommand } from '@aws-sdk/client-ecr';
import { importVulnerabilityDb } from '../../src/scanning/index.js';
import { tarball } from '../../src/scanning/scan-test-support.js';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { ecrClient, RegistryClient } from '../support/registry-client.js';

const ADVISORY = {
  id: 'CVE-2099-0001', modified: '2026-01-01T00:00:00Z',
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.9-1' }] }] }],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
};
const MiB = 1024 * 1024;
const IMAGE = { repositoryName: 'scan/slow', imageId: { imageTag: 'v1' } };

/** A ustar header for a regular file of `size` bytes. */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('0', 156);
  h.write('ustar\x0000', 257);
  h.fill(' ', 148, 156); // the checksum counts its own field as spaces
  const sum = h.reduce((a, b) => a + b, 0);
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** A gzip layer holding one file of zeros: gzip members concatenate, so 1 MiB of zeros compressed once is repeated. */
function zerosLayer(mib: number): Buffer {
  const chunk = gzipSync(Buffer.alloc(MiB), { level: 9 });
  return Buffer.concat([gzipSync(tarHeader('zeros', mib * MiB)), ...Array(mib).fill(chunk), gzipSync(Buffer.alloc(1024))]);
}

async function debianLayer(): Promise<Buffer> {
  return gzipSync(await tarball([
    { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
    { name: 'var/lib/dpkg/status', content: 'Package: openssl\nStatus: install ok installed\nVersion: 3.0.0-1\n\n' },
  ]));
}

describe('image scans survive a killed Berth', () => {
  let berth: RunningBerth;
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));

  before(async () => {
    const osv = join(dataDir, 'osv-source');
    mkdirSync(osv);
    writeFileSync(join(osv, `${ADVISORY.id}.json`), JSON.stringify(ADVISORY));
    await importVulnerabilityDb(dataDir, osv);
    rmSync(osv, { recursive: true });
    berth = await startBerthProcess({ dataDir });
  });
  after(async () => berth?.destroy());

  const status = async () => (await ecrClient(berth).send(new DescribeImageScanFindingsCommand(IMAGE))).imageScanStatus?.status;

  it('resumes the scan after SIGKILL, completes it, and allows StartImageScan again', async () => {
    await ecrClient(berth).send(new CreateRepositoryCommand({ repositoryName: IMAGE.repositoryName }));
    const reg = await RegistryClient.login(berth);
    await reg.pushImage(IMAGE.repositoryName, 'v1', [await debianLayer(), zerosLayer(2048)]);
    await ecrClient(berth).send(new StartImageScanCommand(IMAGE));
    assert.equal(await status(), 'IN_PROGRESS');
    await berth.stop('SIGKILL');

    berth = await startBerthProcess({ dataDir });
    await eventually(async () => (await status()) === 'COMPLETE', 'the resumed scan to complete', 120_000, 250);
    const out = await ecrClient(berth).send(new DescribeImageScanFindingsCommand(IMAGE));
    assert.deepEqual(out.imageScanFindings!.findingSeverityCounts, { CRITICAL: 1 });
    const again = await ecrClient(berth).send(new StartImageScanCommand(IMAGE));
    assert.equal(again.imageScanStatus!.status, 'IN_PROGRESS');
  });
});
