import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageScanFinding, importVulnerabilityDb, openVulnerabilityDb, scanImage, UnsupportedLayerError, VulnerabilityDb } from './index.js';
import { DOCKER_GZIP, layer, OCI_TAR } from './scan-test-support.js';

const FIXTURES = join(__dirname, '../../../test/fixtures/osv');
const V3_CRIT = [{ key: 'CVSS3_SCORE', value: '9.8' }, { key: 'CVSS3_VECTOR', value: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }];

const DPKG_STATUS = `Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl
Version: 3.0.9-1

Package: openssl
Status: install ok installed
Version: 3.0.9-1
Description: Secure Sockets Layer toolkit
 a continuation line: not a field

Package: zlib1g
Status: install ok installed
Source: zlib (1:1.2.13.dfsg-1)
Version: 1:1.2.13.dfsg-1

Package: oldpkg
Status: deinstall ok config-files
Version: 1.0-1

Package: bash
Status: install ok installed
Source: bash (5.2.15-2)
Version: 5.2.15-2+b2
`;

const APK_INSTALLED = `C:Q1abc=
P:libcrypto3
V:3.1.2-r0
A:x86_64
o:openssl

P:ssl_client
V:3.1.2-r0
o:openssl

P:busybox
V:1.36.1-r2
o:busybox

P:musl
V:1.2.4_git20230717-r0
o:musl
`;

const pkgJson = (name: string, version: string) => JSON.stringify({ name, version, license: 'MIT' });
const metadata = (name: string, version: string) => `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: x\n\nLong description\nVersion: 0.0.1\n`;
const DIST = 'usr/lib/python3/dist-packages';

function finding(name: string, severity: ImageScanFinding['severity'], pkg: string, version: string, extra: { key: string; value: string }[] = [], id = name.replace('CVE-2099-', 'BERTH-FIXTURE-')): ImageScanFinding {
  return {
    name,
    uri: `https://example.invalid/advisories/${id}`,
    severity,
    attributes: [{ key: 'package_name', value: pkg }, { key: 'package_version', value: version }, ...extra],
    description: 'Berth test fixture: an invented advisory, not a real vulnerability. Used by src/scanning tests.',
  };
}

describe('scanImage', () => {
  let dataDir: string;
  let db: VulnerabilityDb;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'berth-scan-'));
    await importVulnerabilityDb(dataDir, FIXTURES);
    db = (await openVulnerabilityDb(dataDir))!;
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('finds the vulnerable Debian, npm and PyPI packages of a layered image, honouring whiteouts', async () => {
    const base = await layer([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' },
      { name: 'etc/debian_version', content: '12.5\n' },
      { name: 'var/lib/dpkg/status', content: DPKG_STATUS },
      { name: 'usr/lib/node_modules/npm/node_modules/minimist/package.json', content: pkgJson('minimist', '1.2.5') },
      { name: 'usr/lib/node_modules/npm/node_modules/minimist/test/package.json', content: pkgJson('not-a-package', '0.0.0') },
      { name: 'app/node_modules/@scope/pkg/package.json', content: pkgJson('@scope/pkg', '2.0.0-beta.1') },
      { name: 'app/node_modules/lodash/package.json', content: pkgJson('lodash', '4.17.21') },
      { name: 'opt/legacy/node_modules/ua-parser-js/package.json', content: pkgJson('ua-parser-js', '0.7.29') },
      { name: `${DIST}/PyYAML-5.3.1.dist-info/METADATA`, content: metadata('PyYAML', '5.3.1') },
      { name: `${DIST}/requests-2.25.0.dist-info/METADATA`, content: metadata('requests', '2.25.0') },
    ]);
    const upper = await layer([
      { name: `${DIST}/.wh.requests-2.25.0.dist-info` },
      { name: 'opt/legacy/node_modules/left-pad/package.json', content: pkgJson('left-pad', '1.3.0') },
      { name: 'opt/legacy/.wh..wh..opq' },
    ], OCI_TAR);
    const { findings, counts } = await scanImage([base, upper], db);
    assert.deepEqual(findings, [
      finding('CVE-2099-0010', 'CRITICAL', 'minimist', '1.2.5'),
      finding('CVE-2099-0020', 'CRITICAL', 'PyYAML', '5.3.1', V3_CRIT),
      finding('CVE-2099-0001', 'HIGH', 'openssl', '3.0.9-1', V3_CRIT),
      finding('BERTH-FIXTURE-0011', 'MEDIUM', '@scope/pkg', '2.0.0-beta.1', [{ key: 'CVSS3_SCORE', value: '5.3' }, { key: 'CVSS3_VECTOR', value: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N' }]),
      finding('CVE-2099-0005', 'INFORMATIONAL', 'bash', '5.2.15-2'),
    ]);
    assert.deepEqual(counts, { CRITICAL: 2, HIGH: 1, MEDIUM: 1, INFORMATIONAL: 1 });
  });

  it('reports a package again once a later layer stops hiding it', async () => {
    const python = await layer([{ name: `${DIST}/requests-2.25.1.dist-info/METADATA`, content: metadata('requests', '2.25.1') }], DOCKER_GZIP);
    const { findings, counts } = await scanImage([python], db);
    assert.deepEqual(findings, [finding('CVE-2099-0021', 'MEDIUM', 'requests', '2.25.1', [{ key: 'CVSS2_SCORE', value: '4.3' }, { key: 'CVSS2_VECTOR', value: 'AV:N/AC:M/Au:N/C:N/I:P/A:N' }])]);
    assert.deepEqual(counts, { MEDIUM: 1 });
  });

  it('matches Alpine packages by origin and by the image release', async () => {
    const alpine = await layer([
      { name: 'etc/alpine-release', content: '3.18.4\n' },
      { name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.18.4\n' },
      { name: 'lib/apk/db/installed', content: APK_INSTALLED },
    ]);
    const { findings, counts } = await scanImage([alpine], db);
    assert.deepEqual(findings, [finding('CVE-2099-0030', 'HIGH', 'openssl', '3.1.2-r0', [{ key: 'CVSS3_SCORE', value: '7.5' }, { key: 'CVSS3_VECTOR', value: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }])]);
    assert.deepEqual(counts, { HIGH: 1 });
  });

  it('an upper layer that upgrades a package file removes the finding', async () => {
    const old = await layer([{ name: 'srv/node_modules/minimist/package.json', content: pkgJson('minimist', '1.2.5') }]);
    const fixed = await layer([{ name: 'srv/node_modules/minimist/package.json', content: pkgJson('minimist', '1.2.6') }]);
    assert.deepEqual(await scanImage([old, fixed], db), { findings: [], counts: {} });
  });

  it('an image without known vulnerabilities has no findings', async () => {
    const clean = await layer([
      { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
      { name: 'var/lib/dpkg/status', content: 'Package: openssl\nStatus: install ok installed\nVersion: 3.0.11-1~deb12u2\n\nPackage: zlib1g\nSource: zlib (1:1.2.13.dfsg-1)\nVersion: 1:1.2.13.dfsg-1\n' },
      { name: 'app/node_modules/lodash/package.json', content: pkgJson('lodash', '4.17.21') },
    ]);
    assert.deepEqual(await scanImage([clean], db), { findings: [], counts: {} });
  });

  it('the Debian release selects the advisory entries that apply', async () => {
    const bullseye = await layer([
      { name: 'etc/debian_version', content: '11.8\n' },
      { name: 'var/lib/dpkg/status', content: 'Package: zlib1g\nSource: zlib (1:1.2.13.dfsg-1)\nVersion: 1:1.2.13.dfsg-1\n' },
    ]);
    const { findings } = await scanImage([bullseye], db);
    assert.deepEqual(findings.map((f) => f.name), ['CVE-2099-0002']);
  });

  it('refuses layers it cannot read', async () => {
    const zstd = { digest: 'sha256:z', mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', open: async () => { throw new Error('not opened'); } };
    await assert.rejects(scanImage([zstd], db), UnsupportedLayerError);
  });
});
