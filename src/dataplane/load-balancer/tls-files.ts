/**
 * The files an HTTPS listener's TLS needs, for HAProxy to read at (re)load: one PEM per
 * certificate (certificate, chain, private key), and per listener a crt-list naming them,
 * its default certificate first (HAProxy serves the first to clients whose SNI matches
 * none; the others are chosen by the names in them). Files are named by a digest of their
 * contents, so a changed certificate (a reimport) changes the crt-list's name and with it the
 * configuration, which reloads HAProxy. Key material goes only into these files (written
 * 0600 in a 0700 directory), never into a log line: a certificate that cannot be had is
 * logged by ARN.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateBundle } from '../../services/acm/domain/ports.js';
import { ListenerSpec } from './spec.js';

export type BundleLookup = (scope: { region: string; accountId: string }, arn: string) => CertificateBundle | undefined;

export interface TlsFiles {
  /** Path → contents, every one secret (keys) or naming secrets. */
  files: Map<string, string>;
  /** Listener id → its crt-list; a listener whose default certificate cannot be had has none (and is not served). */
  crtLists: Map<string, string>;
  /** The certificates that could not be had, by ARN. */
  missing: string[];
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

const withNewline = (pem: string) => (pem.endsWith('\n') ? pem : `${pem}\n`);

function bundlePem(bundle: CertificateBundle): string {
  return [bundle.certificatePem, bundle.chainPem ?? '', bundle.privateKeyPem].filter(Boolean).map(withNewline).join('');
}

export function tlsFiles(listeners: ListenerSpec[], lookup: BundleLookup | undefined, dir: string): TlsFiles {
  const out: TlsFiles = { files: new Map(), crtLists: new Map(), missing: [] };
  for (const l of listeners) {
    if (!l.tls) continue;
    const scope = l.tls.scope;
    const bundles = l.tls.certificateArns.map((arn) => ({ arn, bundle: lookup?.(scope, arn) }));
    out.missing.push(...bundles.filter((b) => !b.bundle).map((b) => b.arn));
    if (!bundles[0]?.bundle) continue;
    const paths = bundles.flatMap(({ bundle }) => {
      if (!bundle) return [];
      const pem = bundlePem(bundle);
      const path = join(dir, `${digest(pem)}.pem`);
      out.files.set(path, pem);
      return [path];
    });
    const list = paths.map((p) => `${p}\n`).join('');
    const listPath = join(dir, `l_${l.id}-${digest(list)}.crt-list`);
    out.files.set(listPath, list);
    out.crtLists.set(l.id, listPath);
  }
  return out;
}

/** Writes the files not already there (a name is its contents' digest), private to Berth's user. */
export function writeTlsFiles(dir: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [path, contents] of files) if (!existsSync(path)) writeFileSync(path, contents, { mode: 0o600 });
}

/** Removes what the configuration in service no longer names (HAProxy has read its files at load). */
export function pruneTlsFiles(dir: string, files: ReadonlyMap<string, string>): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (!files.has(join(dir, name))) rmSync(join(dir, name), { force: true });
}
