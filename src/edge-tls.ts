/**
 * `--tls`: the edge serves HTTPS with a certificate from the data dir's private CA (the one
 * ACM issues from, `<data-dir>/ca/berth-root-ca.pem`), so SDKs can use `https://` endpoints
 * once they trust that root, and `aws:SecureTransport` is true. The certificate names
 * `localhost` and is made anew at every start; its key never leaves memory.
 */
import { openPrivateCa } from './services/acm/domain/private-ca.js';

export interface EdgeTls {
  cert: string;
  key: string;
}

export async function edgeCertificate(dataDir: string, now: Date): Promise<EdgeTls> {
  const ca = openPrivateCa(dataDir, now);
  const issued = await ca.issue(['localhost'], 'RSA_2048', now);
  return { cert: `${issued.certificatePem.trim()}\n${issued.chainPem.trim()}\n`, key: issued.privateKeyPem };
}
