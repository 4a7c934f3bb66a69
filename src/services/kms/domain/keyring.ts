/**
 * Key material and what is done with it: new keys and materials (random 256 bits, wrapped
 * under the master key at once), rotation (a new current material; old ones stay to
 * decrypt old blobs), and sealing/opening ciphertext blobs (./envelope.ts). Unwrapped
 * material lives only for the duration of one call.
 */
import { randomBytes } from 'node:crypto';
import { Scope } from '../../../platform/aws/scope.js';
import { BlobHeader, EncryptionContext, openBlob, sealBlob } from './envelope.js';
import { kmsErrors } from './errors.js';
import { MasterKey } from './master-key.js';
import { keyArn, newKeyId, newMaterialId } from './names.js';
import { currentMaterial, KeyDoc, KeyManager, KeyMaterial, KeyTag, Rotation } from './records.js';

const MATERIAL_BYTES = 32;

export interface NewKey {
  description: string;
  policy: string;
  tags: KeyTag[];
  multiRegion: boolean;
  manager: KeyManager;
  rotationDays?: number;
}

export interface Sealed {
  ciphertext: Buffer;
  materialId: string;
}

/** The AAD that ties a wrapped material to its key. */
const wrapContext = (arn: string, materialId: string) => `${arn}\n${materialId}`;

export class KeyRing {
  constructor(private readonly master: MasterKey) {}

  newMaterial(arn: string, now: Date, rotationType?: KeyMaterial['rotationType']): KeyMaterial {
    const id = newMaterialId();
    const wrapped = this.master.wrap(randomBytes(MATERIAL_BYTES), wrapContext(arn, id));
    return { id, wrapped, createdAt: now.toISOString(), ...(rotationType ? { rotationType } : {}) };
  }

  newKey(scope: Scope, spec: NewKey, now: Date): KeyDoc {
    const keyId = newKeyId(spec.multiRegion);
    const arn = keyArn(scope, keyId);
    const rotation: Rotation | undefined = spec.rotationDays ? { periodDays: spec.rotationDays, since: now.toISOString() } : undefined;
    return {
      KeyId: keyId, Arn: arn, AWSAccountId: scope.accountId, region: scope.region, CreationDate: now.toISOString(),
      Description: spec.description, KeyState: 'Enabled', KeyManager: spec.manager, MultiRegion: spec.multiRegion,
      policy: spec.policy, tags: spec.tags, ...(rotation ? { rotation } : {}),
      materials: [this.newMaterial(arn, now)], onDemandRotations: 0,
    };
  }

  /** The key with a new current material. */
  rotate(key: KeyDoc, type: 'AUTOMATIC' | 'ON_DEMAND', now: Date): KeyDoc {
    const materials = [...key.materials, this.newMaterial(key.Arn, now, type)];
    if (type === 'ON_DEMAND') return { ...key, materials, onDemandRotations: key.onDemandRotations + 1 };
    return { ...key, materials, ...(key.rotation ? { rotation: { ...key.rotation, since: now.toISOString() } } : {}) };
  }

  seal(key: KeyDoc, plaintext: Buffer, context: EncryptionContext | undefined): Sealed {
    const material = currentMaterial(key);
    const ciphertext = sealBlob({ keyId: key.KeyId, materialId: material.id }, this.unwrap(key, material), plaintext, context);
    return { ciphertext, materialId: material.id };
  }

  /** The plaintext of a blob whose header names `key`; InvalidCiphertextException when it does not open. */
  open(key: KeyDoc, blob: Buffer, header: BlobHeader, context: EncryptionContext | undefined): Buffer {
    const material = key.materials.find((m) => m.id === header.materialId);
    const plaintext = material ? openBlob(blob, this.unwrap(key, material), context) : undefined;
    if (!plaintext) throw kmsErrors.invalidCiphertext();
    return plaintext;
  }

  private unwrap(key: KeyDoc, material: KeyMaterial): Buffer {
    const bytes = this.master.unwrap(material.wrapped, wrapContext(key.Arn, material.id));
    if (!bytes) throw kmsErrors.internal(key.Arn);
    return bytes;
  }
}
