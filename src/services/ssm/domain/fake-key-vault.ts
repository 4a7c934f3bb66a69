/**
 * Test support: a KeyVault that behaves as the KMS port documents, in memory and pure of
 * I/O. AES-256-GCM under a fixed key derived per KMS key; the blob names its key (as KMS's
 * does) and is bound to the encryption context (a different context fails to decrypt).
 * AWS managed aliases (`alias/aws/…`) create their key on first encrypt; other keys exist
 * once `createKey` made them. Callers given to `refuseDecrypt` are refused kms:Decrypt, as
 * an IAM or key policy would refuse them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { buildArn, parseArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';
import { Encrypted, KeyScope, KeyVault, KeyVaultError, OnBehalfOf } from '../../kms/domain/ports.js';

const MAGIC = Buffer.from('fkv1');
const MASTER = Buffer.from('berth-fake-key-vault-master-key!');

interface FakeKey { arn: string; enabled: boolean }

export class FakeKeyVault implements KeyVault {
  private readonly keys = new Map<string, FakeKey>();
  /** `<region>/<account>/alias/<name>` → key ARN. */
  private readonly aliases = new Map<string, string>();
  /** Access keys of callers refused kms:Decrypt. */
  private readonly refused = new Set<string>();

  refuseDecrypt(accessKeyId: string): void {
    this.refused.add(accessKeyId);
  }

  /** A customer managed key, optionally with an alias (`alias/<name>`). */
  createKey(scope: KeyScope, alias?: string): string {
    const arn = buildArn('kms', scope, `key/${randomUUID()}`);
    this.keys.set(arn, { arn, enabled: true });
    if (alias) this.aliases.set(this.aliasKey(scope, alias), arn);
    return arn;
  }

  setEnabled(arn: string, enabled: boolean): void {
    const key = this.keys.get(arn);
    if (key) key.enabled = enabled;
  }

  encrypt(scope: KeyScope, keyRef: string, plaintext: Buffer, context?: Readonly<Record<string, string>>): Encrypted {
    const key = this.usableKey(scope, keyRef, true);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', derive(key.arn), iv);
    cipher.setAAD(aad(context));
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const arn = Buffer.from(key.arn);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(arn.length);
    return { ciphertext: Buffer.concat([MAGIC, length, arn, iv, cipher.getAuthTag(), data]), keyArn: key.arn };
  }

  decrypt(scope: KeyScope, ciphertext: Buffer, context?: Readonly<Record<string, string>>, onBehalfOf?: OnBehalfOf): { plaintext: Buffer; keyArn: string } {
    const invalid = () => new KeyVaultError('InvalidCiphertextException', '');
    if (ciphertext.length < 6 || !ciphertext.subarray(0, 4).equals(MAGIC)) throw invalid();
    const end = 6 + ciphertext.readUInt16BE(4);
    const key = this.usableKey(scope, ciphertext.subarray(6, end).toString(), false);
    if (onBehalfOf && this.refused.has(onBehalfOf.accessKeyId)) {
      throw new KeyVaultError('AccessDeniedException', `User: ${onBehalfOf.accessKeyId} is not authorized to perform: kms:Decrypt on resource: ${key.arn} because no identity-based policy allows the kms:Decrypt action`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', derive(key.arn), ciphertext.subarray(end, end + 12));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(ciphertext.subarray(end + 12, end + 28));
      return { plaintext: Buffer.concat([decipher.update(ciphertext.subarray(end + 28)), decipher.final()]), keyArn: key.arn };
    } catch {
      throw invalid();
    }
  }

  resolveKeyArn(scope: KeyScope, keyRef: string): string | undefined {
    if (keyRef.startsWith('alias/')) return this.aliases.get(this.aliasKey(scope, keyRef));
    const arn = parseArn(keyRef);
    if (arn?.resource.startsWith('alias/')) return arn.region === scope.region && arn.accountId === scope.accountId ? this.aliases.get(this.aliasKey(scope, arn.resource)) : undefined;
    const keyArn = arn ? keyRef : buildArn('kms', scope, `key/${keyRef}`);
    return this.keys.has(keyArn) ? keyArn : undefined;
  }

  private usableKey(scope: KeyScope, keyRef: string, createManaged: boolean): FakeKey {
    let arn = this.resolveKeyArn(scope, keyRef);
    if (!arn && createManaged && keyRef.startsWith('alias/aws/')) {
      arn = this.createKey(scope, keyRef);
    }
    const key = arn ? this.keys.get(arn) : undefined;
    if (!key) throw notFound(scope, keyRef);
    if (!key.enabled) throw new KeyVaultError('DisabledException', `${key.arn} is disabled.`);
    return key;
  }

  private aliasKey(scope: Scope, alias: string): string {
    return `${scope.region}/${scope.accountId}/${alias}`;
  }
}

function notFound(scope: KeyScope, keyRef: string): KeyVaultError {
  if (keyRef.startsWith('alias/')) return new KeyVaultError('NotFoundException', `Alias ${buildArn('kms', scope, keyRef)} is not found.`);
  const arn = keyRef.startsWith('arn:') ? keyRef : buildArn('kms', scope, `key/${keyRef}`);
  return new KeyVaultError('NotFoundException', `Key '${arn}' does not exist`);
}

function derive(keyArn: string): Buffer {
  return createHash('sha256').update(MASTER).update(keyArn).digest();
}

/** The context as KMS binds it: independent of the order its pairs were given in. */
function aad(context: Readonly<Record<string, string>> = {}): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
