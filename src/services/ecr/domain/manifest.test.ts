import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accepts, artifactTypeOf, MEDIA, parseManifest } from './manifest.js';
import { negotiate } from './negotiate.js';
import { sha256Digest } from './digest.js';

const d = (c: string) => sha256Digest(c);
const image = (extra: object = {}) => ({
  schemaVersion: 2, mediaType: MEDIA.dockerManifest,
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: d('c'), size: 1 },
  layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: d('l'), size: 2 }],
  ...extra,
});
const buf = (o: object) => Buffer.from(JSON.stringify(o));

describe('manifest parsing', () => {
  it('reads an image: config then layers', () => {
    const r = parseManifest(buf(image()));
    assert.ok(r.ok);
    assert.equal(r.manifest.mediaType, MEDIA.dockerManifest);
    assert.deepEqual(r.manifest.references.map((x) => x.digest), [d('c'), d('l')]);
    assert.equal(artifactTypeOf(r.manifest), 'application/vnd.docker.container.image.v1+json');
  });

  it('takes the type from Content-Type or the shape when the document has none', () => {
    const { mediaType, ...oci } = image();
    const r = parseManifest(buf(oci));
    assert.ok(r.ok && r.manifest.mediaType === MEDIA.ociManifest);
    const idx = parseManifest(buf({ schemaVersion: 2, manifests: [{ mediaType: MEDIA.ociManifest, digest: d('m'), size: 3 }] }));
    assert.ok(idx.ok && idx.manifest.mediaType === MEDIA.ociIndex);
    assert.equal(idx.ok && artifactTypeOf(idx.manifest), undefined);
  });

  it('keeps subject and artifactType', () => {
    const r = parseManifest(buf({ ...image({ mediaType: MEDIA.ociManifest }), artifactType: 'application/x-sig', subject: { mediaType: MEDIA.ociManifest, digest: d('s'), size: 5 } }));
    assert.ok(r.ok);
    assert.equal(r.manifest.subject?.digest, d('s'));
    assert.equal(artifactTypeOf(r.manifest), 'application/x-sig');
  });

  it('rejects invalid documents', () => {
    assert.ok(!parseManifest(Buffer.from('not json')).ok);
    assert.ok(!parseManifest(buf({ schemaVersion: 1, mediaType: MEDIA.dockerManifest })).ok);
    assert.ok(!parseManifest(buf(image({ layers: [{ mediaType: 'x', digest: 'sha256:bad', size: 1 }] }))).ok);
    assert.ok(!parseManifest(buf(image()), MEDIA.ociManifest).ok, 'Content-Type disagrees with mediaType');
    assert.ok(!parseManifest(buf({ schemaVersion: 2, mediaType: 'application/x-unknown' })).ok);
    assert.ok(!parseManifest(buf(image({ mediaType: 7 })), MEDIA.dockerManifest).ok, 'a mediaType that is no string');
  });

  it('keeps annotations only as a map of strings', () => {
    const r = parseManifest(buf(image({ annotations: { 'org.example': 'x' } })));
    assert.deepEqual(r.ok && r.manifest.annotations, { 'org.example': 'x' });
    assert.deepEqual(parseManifest(buf(image({ annotations: { n: 1 } }))), { ok: false, message: 'annotations is not a map of strings' });
    assert.ok(!parseManifest(buf(image({ annotations: ['x'] }))).ok);
  });
});

describe('content negotiation', () => {
  it('accepts exact types, wildcards and an absent header', () => {
    assert.ok(accepts(undefined, MEDIA.ociManifest));
    assert.ok(accepts('*/*', MEDIA.ociManifest));
    assert.ok(accepts(`${MEDIA.dockerManifest}, ${MEDIA.ociManifest};q=0.5`, MEDIA.ociManifest));
    assert.ok(!accepts(MEDIA.dockerManifest, MEDIA.ociManifest));
  });

  it('translates schema 2 to OCI by tag, never by digest', () => {
    const bytes = buf(image());
    const out = negotiate(bytes, MEDIA.dockerManifest, sha256Digest(bytes), MEDIA.ociManifest, true);
    assert.equal(out.mediaType, MEDIA.ociManifest);
    const doc: { layers: { mediaType: string }[] } = JSON.parse(out.bytes.toString());
    assert.equal(doc.layers[0].mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
    assert.equal(out.digest, sha256Digest(out.bytes));
    assert.throws(() => negotiate(bytes, MEDIA.dockerManifest, sha256Digest(bytes), MEDIA.ociManifest, false), /not in the Accept header/);
  });
});
