/**
 * The master key: 256 bits that wrap every KMS key's material before it reaches the Store,
 * so state.db alone (a backup, a copied data dir) reveals no key material. It comes from
 * BERTH_MASTER_KEY (base64 of 32 bytes) when set, else from `master.key` in the data dir,
 * created on first use with mode 0600 as the data dir's other secrets are. Losing it makes
 * every key unreadable; a different one is detected (GCM authentication) and refused.
 *
 * Wrapping is AES-256-GCM with a fresh 96-bit IV; the AAD names the key and material, so a
 * wrapped material moved to another key's record does not unwrap.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_FILE = 'master.key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface MasterKey {
  /** base64 of IV ‖ GCM tag ‖ ciphertext. */
  wrap(material: Buffer, aad: string): string;
  /** The material, or undefined when this master key did not wrap it for `aad`. */
  unwrap(wrapped: string, aad: string): Buffer | undefined;
}

export class MasterKeyError extends Error {}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  // The value itself never appears in the message: it is the secret.
  if (key.length !== MASTER_KEY_BYTES || key.toString('base64') !== text.trim()) {
    throw new MasterKeyError(`${where} must hold ${MASTER_KEY_BYTES} bytes, base64-encoded (e.g. the output of: openssl rand -base64 32)`);
  }
  return key;
}

/** The key file's contents, creating it (0600, never overwriting a concurrent creation) when absent. */
function readOrCreate(path: string): Buffer {
  try {
    writeFileSync(path, randomBytes(MASTER_KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const stat = lstatSync(path);
  if (!stat.isFile()) throw new MasterKeyError(`${path} is not a regular file`);
  if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o600);
  return decodeKey(readFileSync(path, 'utf8'), path);
}

function gcmMasterKey(secret: () => Buffer): MasterKey {
  return {
    wrap(material, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secret(), iv).setAAD(Buffer.from(aad));
      const body = Buffer.concat([cipher.update(material), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    unwrap(wrapped, aad) {
      const raw = Buffer.from(wrapped, 'base64');
      if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', secret(), raw.subarray(0, IV_BYTES)).setAAD(Buffer.from(aad));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The master key from the environment's BERTH_MASTER_KEY (checked now, so a bad value stops
 * Berth at start), else from `keyFile`, read or created when a key first needs it.
 */
export function loadMasterKey(keyFile: string, fromEnv: string | undefined): MasterKey {
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = decodeKey(fromEnv, 'BERTH_MASTER_KEY');
    return gcmMasterKey(() => key);
  }
  let key: Buffer | undefined;
  return gcmMasterKey(() => (key ??= readOrCreate(keyFile)));
}
