/**
 * Root credentials: generated on first start and kept in the data dir as an AWS
 * shared-credentials file (profile "berth", mode 0600) so the aws CLI and SDKs can use
 * them directly. Environment overrides win for automation.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Credentials } from './credentials.js';

export interface RootCredentials { accessKeyId: string; secretAccessKey: string }

export const PROFILE = 'berth';
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function newAccessKeyId(): string {
  let id = 'AKIA';
  while (id.length < 20) id += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return id;
}

function newSecret(): string {
  return randomBytes(30).toString('base64').replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B')).slice(0, 40);
}

export function credentialsFile(dataDir: string): string {
  return join(dataDir, 'credentials');
}

function parseProfile(text: string, profile: string): RootCredentials | undefined {
  let current = '';
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const section = /^\[(.+)\]$/.exec(line);
    if (section) current = section[1].trim();
    else if (current === profile) {
      const kv = /^([a-z_]+)\s*=\s*(.+)$/.exec(line);
      if (kv) values[kv[1]] = kv[2].trim();
    }
  }
  if (!values.aws_access_key_id || !values.aws_secret_access_key) return undefined;
  return { accessKeyId: values.aws_access_key_id, secretAccessKey: values.aws_secret_access_key };
}

/** Loads the root credentials from the data dir, creating them on first start. */
export function loadRootCredentials(dataDir: string, override?: Partial<RootCredentials>): RootCredentials {
  const file = credentialsFile(dataDir);
  let creds = existsSync(file) ? parseProfile(readFileSync(file, 'utf8'), PROFILE) : undefined;
  if (override?.accessKeyId && override.secretAccessKey) {
    creds = { accessKeyId: override.accessKeyId, secretAccessKey: override.secretAccessKey };
  }
  creds ??= { accessKeyId: newAccessKeyId(), secretAccessKey: newSecret() };
  const text = `[${PROFILE}]\naws_access_key_id = ${creds.accessKeyId}\naws_secret_access_key = ${creds.secretAccessKey}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  return creds;
}

/** The credential lookup the gateway verifies signatures with. */
export function credentialLookup(root: RootCredentials): Credentials {
  return { secretFor: (id) => (id === root.accessKeyId ? root.secretAccessKey : undefined) };
}
