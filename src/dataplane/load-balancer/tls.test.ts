/** HTTPS in the data plane: security policies as bind options, the certificate files and crt-lists, and a configuration HAProxy accepts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPrivateCa } from '../../services/acm/domain/private-ca.js';
import { CertificateBundle } from '../../services/acm/domain/ports.js';
import { writeErrorPages } from './error-pages.js';
import { render } from './render.js';
import { ListenerSpec } from './spec.js';
import { pruneTlsFiles, tlsFiles, writeTlsFiles } from './tls-files.js';
import { sslBindOptions } from './tls-options.js';

const SCOPE = { region: 'us-east-1', accountId: '000000000000' };
const arn = (n: number) => `arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-00000000000${n}`;

function httpsListener(certificateArns: string[], sslPolicy?: string): ListenerSpec {
  return {
    id: 'l1', port: 8443, protocol: 'HTTPS', idleTimeoutSeconds: 60, rules: [],
    defaultAction: { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'ok' } },
    tls: { certificateArns, scope: SCOPE, sslPolicy },
  };
}

const fakeBundle = (n: number): CertificateBundle => ({ arn: arn(n), certificatePem: `CERT ${n}\n`, chainPem: `CHAIN ${n}`, privateKeyPem: `KEY ${n}\n` });

describe('security policies as HAProxy bind options', () => {
  it('maps versions, TLS 1.2 ciphers and TLS 1.3 suites', () => {
    assert.equal(sslBindOptions('ELBSecurityPolicy-TLS13-1-3-2021-06'), 'ssl-min-ver TLSv1.3 ssl-max-ver TLSv1.3 ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256');
    const console = sslBindOptions('ELBSecurityPolicy-TLS13-1-2-2021-06');
    assert.match(console, /^ssl-min-ver TLSv1\.2 ssl-max-ver TLSv1\.3 ciphers ECDHE-ECDSA-AES128-GCM-SHA256:.*ECDHE-RSA-AES256-SHA384 ciphersuites TLS_AES_128_GCM_SHA256:/);
    assert.match(sslBindOptions('ELBSecurityPolicy-2016-08'), /^ssl-min-ver TLSv1\.0 ssl-max-ver TLSv1\.2 ciphers .*AES256-SHA$/);
    assert.equal(sslBindOptions('not-a-policy'), sslBindOptions('ELBSecurityPolicy-2016-08'));
  });
});

describe('certificate files', () => {
  it('one PEM per certificate (certificate, chain, key) and a crt-list with the default first, named by their contents', () => {
    const out = tlsFiles([httpsListener([arn(2), arn(1)])], (_scope, a) => fakeBundle(Number(a.slice(-1))), '/d');
    const list = out.crtLists.get('l1')!;
    assert.match(list, /^\/d\/l_l1-[0-9a-f]{24}\.crt-list$/);
    const paths = out.files.get(list)!.trim().split('\n');
    assert.deepEqual(paths.map((p) => out.files.get(p)), ['CERT 2\nCHAIN 2\nKEY 2\n', 'CERT 1\nCHAIN 1\nKEY 1\n']);
    const changed = tlsFiles([httpsListener([arn(2), arn(1)])], (_scope, a) => ({ ...fakeBundle(Number(a.slice(-1))), privateKeyPem: 'NEW KEY' }), '/d');
    assert.notEqual(changed.crtLists.get('l1'), list, 'a changed certificate renames the crt-list, so the config changes and HAProxy reloads');
  });

  it('a listener whose default certificate is missing gets no crt-list; a missing SNI certificate is left out', () => {
    const some = (_scope: unknown, a: string) => (a === arn(3) ? undefined : fakeBundle(Number(a.slice(-1))));
    assert.deepEqual(tlsFiles([httpsListener([arn(3), arn(1)])], some, '/d').crtLists.size, 0);
    const partial = tlsFiles([httpsListener([arn(1), arn(3)])], some, '/d');
    assert.equal(partial.files.get(partial.crtLists.get('l1')!)!.trim().split('\n').length, 1);
    assert.deepEqual(partial.missing, [arn(3)]);
  });

  it('writes files 0600 and prunes what is no longer named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-files-'));
    try {
      const certs = join(dir, 'certs');
      writeTlsFiles(certs, new Map([[join(certs, 'a.pem'), 'A']]));
      writeFileSync(join(certs, 'old.pem'), 'old');
      assert.equal(statSync(join(certs, 'a.pem')).mode & 0o777, 0o600);
      assert.equal(statSync(certs).mode & 0o777, 0o700);
      pruneTlsFiles(certs, new Map([[join(certs, 'a.pem'), 'A']]));
      assert.throws(() => statSync(join(certs, 'old.pem')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const hasHaproxy = () => {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('an HTTPS frontend', () => {
  it('keeps https in a redirect\'s #{protocol}', () => {
    const redirect = { ...httpsListener([arn(1)]), defaultAction: { Type: 'redirect' as const, RedirectConfig: { Protocol: '#{protocol}', Port: '#{port}', Host: '#{host}', Path: '/new', Query: '', StatusCode: 'HTTP_301' as const } } };
    const { config } = render({ listeners: [redirect], groups: [] }, { runDir: '/run/berth', bindIp: '127.0.0.1', crtLists: new Map([['l1', '/run/berth/certs/l_l1.crt-list']]) });
    assert.ok(config.includes('http-request redirect location "https://%[req.hdr(host),field(1,:)]:8443/new" code 301'));
  });

  it('terminates TLS with the crt-list and the policy, sets X-Forwarded-Proto https; HAProxy accepts it', { skip: !hasHaproxy() }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-render-'));
    try {
      const ca = openPrivateCa(dir, new Date());
      const issued = await Promise.all([ca.issue(['a.example.com'], 'RSA_2048', new Date()), ca.issue(['b.example.com'], 'EC_prime256v1', new Date())]);
      const bundles = new Map(issued.map((c, i) => [arn(i + 1), { arn: arn(i + 1), ...c }]));
      const listeners = [httpsListener([arn(1), arn(2)], 'ELBSecurityPolicy-TLS13-1-2-2021-06')];
      const files = tlsFiles(listeners, (_scope, a) => bundles.get(a), join(dir, 'certs'));
      writeTlsFiles(join(dir, 'certs'), files.files);
      writeErrorPages(dir);
      const { config } = render({ listeners, groups: [] }, { runDir: dir, bindIp: '127.0.0.1', crtLists: files.crtLists });
      assert.match(config, new RegExp(`bind 127\\.0\\.0\\.1:8443 ssl crt-list ${files.crtLists.get('l1')} ssl-min-ver TLSv1\\.2 ssl-max-ver TLSv1\\.3 ciphers \\S+ ciphersuites \\S+ alpn h2,http/1\\.1\\n`));
      assert.match(config, /http-request set-header X-Forwarded-Proto https/);
      writeFileSync(join(dir, 'h.cfg'), config);
      execFileSync('haproxy', ['-W', '-c', '-q', '-f', join(dir, 'h.cfg')], { stdio: 'pipe' });
      assert.doesNotMatch(render({ listeners, groups: [] }, { runDir: dir, bindIp: '127.0.0.1' }).config, /frontend l_l1/, 'without its certificates the listener is not served');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
