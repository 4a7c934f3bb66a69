/**
 * Test support: the ACM API on the memory store, called as the gateway calls it (one account,
 * us-east-1), with a private CA in a temporary directory and a key vault that really encrypts
 * (AES-256-GCM under one fixed key, the context bound as additional data), so tests see
 * ciphertext at rest. Also makes "outside" certificates to import: a CA of their own, leaves,
 * expired ones.
 */
import { createCipheriv, createDecipheriv, createHash, generateKeyPairSync, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';
import { Operations } from '../../../protocol/generated/acm.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { KeyVault, KeyVaultError } from '../../kms/domain/ports.js';
import { buildCertificate, encodeName, KEY_USAGE_BIT, OID, subjectNameOf } from '../domain/certificate-builder.js';
import { storeCertificateStore } from '../domain/certificate-store.js';
import { openPrivateCa } from '../domain/private-ca.js';
import { INDEXES } from '../domain/records.js';
import { acmHandlers } from './provider.js';

export type { Answer } from '../../../protocol/handler-harness.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const SCOPE = { region: REGION, accountId: ACCOUNT };

const VAULT_KEY = createHash('sha256').update('acm test vault').digest();
const aad = (context: Readonly<Record<string, string>> = {}) => Buffer.from(JSON.stringify(Object.entries(context).sort()));

/** A KeyVault that encrypts for real under one key; a ciphertext opens only with the context it was made with. */
export function testVault(): KeyVault {
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-000000000acm`;
  return {
    resolveKeyArn: () => keyArn,
    encrypt(_scope, _ref, plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', VAULT_KEY, iv).setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { keyArn, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    decrypt(_scope, ciphertext, context) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', VAULT_KEY, ciphertext.subarray(0, 12)).setAAD(aad(context));
        decipher.setAuthTag(ciphertext.subarray(12, 28));
        return { keyArn, plaintext: Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]) };
      } catch {
        throw new KeyVaultError('InvalidCiphertextException', '');
      }
    },
  };
}

export function acmApi() {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const vault = testVault();
  const dataDir = mkdtempSync(join(tmpdir(), 'acm-test-'));
  const ca = openPrivateCa(dataDir, clock.now());
  // The CA is in memory now; its files are the e2e tests' concern.
  rmSync(dataDir, { recursive: true, force: true });
  const handlers = acmHandlers({ store, vault, ca });
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'r', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOT', now: clock.now(), ...over });
  const { call, failure } = handlerCaller<Operations>('ACM', handlers, ctx);
  return { store, clock, vault, ca, call, failure, port: storeCertificateStore(store, vault) };
}

export interface Outside { certificatePem: string; privateKeyPem: string; chainPem: string }

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const DAY = 86_400_000;

/** A CA of someone else's, and a leaf it issued for `names` (an RSA key of `rsa` bits, or EC on `curve`), valid from `days[0]` to `days[1]` days around `now`. */
export function outsideCertificate(names: string[], now: Date, options: { rsa?: number; curve?: string; days?: [number, number] } = {}): Outside {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName: [string, string][] = [[OID.organization, 'Outside'], [OID.commonName, 'Outside CA']];
  const [from, to] = options.days ?? [-1, 90];
  const caPem = buildCertificate({
    serial: randomBytes(8), subject: caName, issuer: encodeName(caName), notBefore: new Date(now.getTime() - 10 * DAY), notAfter: new Date(now.getTime() + 3650 * DAY),
    publicKey: ca.publicKey, ca: true, dnsNames: [], keyUsageBits: [KEY_USAGE_BIT.keyCertSign], issuerKey: ca.privateKey,
  });
  const leaf = options.curve ? generateKeyPairSync('ec', { namedCurve: options.curve }) : generateKeyPairSync('rsa', { modulusLength: options.rsa ?? 2048 });
  const certificatePem = buildCertificate({
    serial: randomBytes(8), subject: [[OID.commonName, names[0]]], issuer: subjectNameOf(new X509Certificate(caPem)),
    notBefore: new Date(now.getTime() + from * DAY), notAfter: new Date(now.getTime() + to * DAY), publicKey: leaf.publicKey, ca: false, dnsNames: names,
    keyUsageBits: [KEY_USAGE_BIT.digitalSignature], issuerKey: ca.privateKey,
  });
  return { certificatePem, privateKeyPem: pem(leaf.privateKey), chainPem: caPem };
}
