import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buildInventory, wantedPath } from './inventory.js';
import { collectFiles, normalizePath } from './layers.js';
import { DOCKER_GZIP, layer, OCI_TAR } from './scan-test-support.js';

const all = () => true;
const text = (files: Map<string, Buffer>) => Object.fromEntries([...files].map(([k, v]) => [k, v.toString()]));

describe('collectFiles (layer flattening)', () => {
  it('keeps only wanted files and lets upper layers override', async () => {
    const l1 = await layer([{ name: './a/keep', content: '1' }, { name: 'a/skip', content: 'x' }]);
    const l2 = await layer([{ name: 'a/keep', content: '2' }], DOCKER_GZIP);
    assert.deepEqual(text(await collectFiles([l1, l2], (p) => p.endsWith('keep'))), { 'a/keep': '2' });
  });

  it('a whiteout removes a file or a whole directory of lower layers', async () => {
    const l1 = await layer([{ name: 'd/x', content: 'x' }, { name: 'd/sub/y', content: 'y' }, { name: 'd/z', content: 'z' }]);
    const l2 = await layer([{ name: 'd/.wh.x' }, { name: 'd/.wh.sub' }], OCI_TAR);
    assert.deepEqual(text(await collectFiles([l1, l2], all)), { 'd/z': 'z' });
  });

  it('a whiteout does not remove what its own layer adds', async () => {
    const l1 = await layer([{ name: 'd/x', content: 'old' }]);
    const l2 = await layer([{ name: 'd/x', content: 'new' }, { name: 'd/.wh.x' }]);
    assert.deepEqual(text(await collectFiles([l1, l2], all)), { 'd/x': 'new' });
  });

  it('an opaque directory hides lower contents but keeps its own layer', async () => {
    const l1 = await layer([{ name: 'd/a', content: 'a' }, { name: 'd/e/b', content: 'b' }, { name: 'other', content: 'o' }]);
    const l2 = await layer([{ name: 'd/c', content: 'c' }, { name: 'd/.wh..wh..opq' }]);
    assert.deepEqual(text(await collectFiles([l1, l2], all)), { 'd/c': 'c', other: 'o' });
  });

  it('a non-directory entry replaces a lower directory, and a symlink a lower file', async () => {
    const l1 = await layer([{ name: 'd/a', content: 'a' }, { name: 'f', content: 'f' }]);
    const l2 = await layer([{ name: 'd', content: 'now a file' }, { name: 'f', type: 'symlink', linkname: 'elsewhere' }]);
    assert.deepEqual(text(await collectFiles([l1, l2], (p) => p !== 'd')), {});
  });

  it('a directory entry in an upper layer keeps the lower files under it', async () => {
    const l1 = await layer([{ name: 'x/foo.egg-info/PKG-INFO', content: 'p' }]);
    const l2 = await layer([{ name: 'x/foo.egg-info/', type: 'directory' }, { name: 'x/', type: 'directory' }]);
    assert.deepEqual(text(await collectFiles([l1, l2], wantedPath)), { 'x/foo.egg-info/PKG-INFO': 'p' });
  });

  it('hard links copy the content of their target', async () => {
    const l1 = await layer([{ name: 'x/a', content: 'data' }, { name: 'x/b', type: 'link', linkname: 'x/a' }]);
    assert.deepEqual(text(await collectFiles([l1], all)), { 'x/a': 'data', 'x/b': 'data' });
  });

  it('a corrupt layer rejects instead of hanging', async () => {
    const garbage = { digest: 'sha256:bad', mediaType: OCI_TAR, open: async () => Readable.from([Buffer.from('not a tar archive '.repeat(40))]) };
    await assert.rejects(collectFiles([garbage], all), /Invalid tar header/);
    const badGzip = { ...garbage, open: async () => Readable.from([Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8])]) };
    await assert.rejects(collectFiles([badGzip], all));
  });

  it('normalises tar paths', () => {
    assert.equal(normalizePath('./var/lib/dpkg/status'), 'var/lib/dpkg/status');
    assert.equal(normalizePath('/etc/../etc/os-release'), 'etc/os-release');
    assert.equal(normalizePath('usr/lib/'), 'usr/lib');
  });
});

describe('inventory', () => {
  const wanted: [string, boolean][] = [
    ['var/lib/dpkg/status', true], ['var/lib/dpkg/status.d/base', true], ['var/lib/dpkg/status.d/base.md5sums', false],
    ['var/lib/dpkg/status-old', false], ['lib/apk/db/installed', true], ['etc/alpine-release', true],
    ['node_modules/a/package.json', true], ['x/node_modules/@s/a/package.json', true], ['node_modules/@s/package.json', false],
    ['node_modules/a/lib/package.json', false], ['package.json', false],
    ['usr/lib/python3.11/site-packages/Flask-2.0.dist-info/METADATA', true], ['x/foo.egg-info/PKG-INFO', true], ['x/foo.egg-info', true],
    ['x/foo.dist-info/RECORD', false],
  ];
  for (const [path, expected] of wanted) it(`${path} is ${expected ? '' : 'not '}read`, () => assert.equal(wantedPath(path), expected));

  const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]));

  it('reads distroless dpkg status.d files, which have no Status field', () => {
    const inv = buildInventory(files({
      'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
      'var/lib/dpkg/status.d/libc6': 'Package: libc6\nSource: glibc\nVersion: 2.36-9+deb12u4\n',
    }));
    assert.deepEqual(inv, [{ ecosystem: 'Debian', release: '12', name: 'glibc', version: '2.36-9+deb12u4' }]);
  });

  it('leaves dpkg packages of other distributions out (Ubuntu has its own advisories)', () => {
    assert.deepEqual(buildInventory(files({ 'etc/os-release': 'ID=ubuntu\nVERSION_ID="22.04"\n', 'var/lib/dpkg/status': 'Package: a\nVersion: 1\n' })), []);
  });

  it('reads egg-info PKG-INFO and scoped npm packages', () => {
    const inv = buildInventory(files({
      'app/foo.egg-info/PKG-INFO': 'Metadata-Version: 1.1\nName: Foo_Bar\nVersion: 1.0\n',
      'app/node_modules/@types/node/package.json': '{"name":"@types/node","version":"20.1.0"}',
      'app/node_modules/broken/package.json': '{',
    }));
    assert.deepEqual(inv, [{ ecosystem: 'PyPI', name: 'Foo_Bar', version: '1.0' }, { ecosystem: 'npm', name: '@types/node', version: '20.1.0' }]);
  });

  it('an apk package without origin is its own source', () => {
    assert.deepEqual(buildInventory(files({ 'lib/apk/db/installed': 'P:tzdata\nV:2024a-r0\n' })), [{ ecosystem: 'Alpine', name: 'tzdata', version: '2024a-r0' }]);
  });
});
