/**
 * Berth's ciphertext blob (what Encrypt and GenerateDataKey return; AWS's own format is
 * undocumented, and a blob is opaque to callers). Version 1:
 *
 *   offset  size  field
 *   0       2     magic "BK"
 *   2       1     format version, 0x01
 *   3       1     key id length L (1–64)
 *   4       L     key id (ASCII): which key, so Decrypt needs no KeyId
 *   4+L     32    key material id (the 64 hex digits as bytes): which of the key's materials
 *   36+L    12    AES-GCM IV, random per blob
 *   48+L    16    AES-GCM authentication tag
 *   64+L    n     AES-256-GCM ciphertext of the plaintext under that material
 *
 * The AAD is the header (bytes 0 to 36+L) followed by the canonical encryption context, so
 * changing the key id, the material id or the context makes the blob fail to open, and the
 * same context must be given again (in any order) to decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type EncryptionContext = Readonly<Record<string, string>>;

const MAGIC = Buffer.from('BK');
const VERSION = 1;
const MATERIAL_ID_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_KEY_ID = 64;

export interface BlobHeader {
  keyId: string;
  /** 64 hex digits. */
  materialId: string;
}

/** The context as one string, independent of member order: sorted [key, value] pairs as JSON. */
export function canonicalContext(context: EncryptionContext | undefined): string {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(pairs);
}

function header({ keyId, materialId }: BlobHeader): Buffer {
  const id = Buffer.from(keyId, 'ascii');
  if (id.length < 1 || id.length > MAX_KEY_ID) throw new Error(`key id of ${id.length} bytes does not fit a ciphertext blob`);
  return Buffer.concat([MAGIC, Buffer.from([VERSION, id.length]), id, Buffer.from(materialId, 'hex')]);
}

const aad = (head: Buffer, context: EncryptionContext | undefined) => Buffer.concat([head, Buffer.from(canonicalContext(context), 'utf8')]);

export function sealBlob(target: BlobHeader, material: Buffer, plaintext: Buffer, context: EncryptionContext | undefined): Buffer {
  const head = header(target);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material, iv).setAAD(aad(head, context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, cipher.getAuthTag(), body]);
}

/** Where the header ends, or undefined when the bytes are not a version 1 blob. */
function headerLength(blob: Buffer): number | undefined {
  if (blob.length < 4 || !blob.subarray(0, 2).equals(MAGIC) || blob[2] !== VERSION) return undefined;
  const idLength = blob[3];
  const end = 4 + idLength + MATERIAL_ID_BYTES;
  return idLength >= 1 && idLength <= MAX_KEY_ID && blob.length > end + IV_BYTES + TAG_BYTES ? end : undefined;
}

/** Which key and material a blob names; undefined when it is not one of Berth's blobs. */
export function readBlobHeader(blob: Buffer): BlobHeader | undefined {
  const end = headerLength(blob);
  if (end === undefined) return undefined;
  const idEnd = 4 + blob[3];
  return { keyId: blob.subarray(4, idEnd).toString('ascii'), materialId: blob.subarray(idEnd, end).toString('hex') };
}

/** The plaintext, or undefined when the material, the context or the bytes do not match. */
export function openBlob(blob: Buffer, material: Buffer, context: EncryptionContext | undefined): Buffer | undefined {
  const end = headerLength(blob);
  if (end === undefined) return undefined;
  const iv = blob.subarray(end, end + IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', material, iv).setAAD(aad(blob.subarray(0, end), context));
  decipher.setAuthTag(blob.subarray(end + IV_BYTES, end + IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(blob.subarray(end + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}
