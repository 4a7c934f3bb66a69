/**
 * Certificates for the test Docker hosts' TLS listeners, made with the openssl CLI: one CA,
 * a server certificate per host (its IP as subject alternative name), and one client
 * certificate laid out as DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem).
 * EC P-256 keys, because they take milliseconds to generate.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Pki { dir: string; clientDir: string }

/** Server files for dockerd's --tlscacert, --tlscert and --tlskey. */
export interface ServerCert { caPath: string; certPath: string; keyPath: string }

// -subj supplies the name; the file only keeps openssl from reading the system's config.
const CONFIG = '[req]\ndistinguished_name = dn\n[dn]\n';

async function issue(pki: string, out: string, subject: string, extensions: string[], signed: boolean): Promise<void> {
  await run('openssl', [
    'req', '-x509', '-config', join(pki, 'openssl.cnf'), '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '2', '-subj', `/CN=${subject}`, '-keyout', `${out}-key.pem`, '-out', `${out}.pem`,
    ...(signed ? ['-CA', join(pki, 'ca.pem'), '-CAkey', join(pki, 'ca-key.pem')] : []),
    ...extensions.flatMap((ext) => ['-addext', ext]),
  ]);
}

/** A fresh CA and client certificate in `dir`. */
export async function createPki(dir: string): Promise<Pki> {
  const clientDir = join(dir, 'client');
  await mkdir(clientDir, { recursive: true });
  await writeFile(join(dir, 'openssl.cnf'), CONFIG);
  await issue(dir, join(dir, 'ca'), 'berth-test-hosts CA', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign'], false);
  await issue(dir, join(dir, 'client'), 'berth-test-client', ['basicConstraints=CA:FALSE', 'extendedKeyUsage=clientAuth'], true);
  await copyFile(join(dir, 'ca.pem'), join(clientDir, 'ca.pem'));
  await copyFile(join(dir, 'client.pem'), join(clientDir, 'cert.pem'));
  await copyFile(join(dir, 'client-key.pem'), join(clientDir, 'key.pem'));
  return { dir, clientDir };
}

/** A server certificate for `ip`, written beside the CA. */
export async function serverCert(pki: Pki, name: string, ip: string): Promise<ServerCert> {
  const out = join(pki.dir, `server-${name}`);
  await issue(pki.dir, out, name, ['basicConstraints=CA:FALSE', 'extendedKeyUsage=serverAuth', `subjectAltName=IP:${ip}`], true);
  return { caPath: join(pki.dir, 'ca.pem'), certPath: `${out}.pem`, keyPath: `${out}-key.pem` };
}
