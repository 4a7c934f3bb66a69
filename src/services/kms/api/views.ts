/** Records → contract shapes: KeyMetadata as DescribeKey answers it, alias list entries. */
import { AliasListEntry, KeyMetadata } from '../../../protocol/generated/kms.js';
import { AliasDoc, currentMaterial, KeyDoc } from '../domain/records.js';

/** What every Berth key is: a symmetric encryption key made by KMS (the only kind Berth creates). */
const SYMMETRIC = {
  KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeySpec: 'SYMMETRIC_DEFAULT', EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
} as const;

export function keyMetadata(doc: KeyDoc): KeyMetadata {
  return {
    AWSAccountId: doc.AWSAccountId,
    KeyId: doc.KeyId,
    Arn: doc.Arn,
    CreationDate: new Date(doc.CreationDate),
    Enabled: doc.KeyState === 'Enabled',
    Description: doc.Description,
    KeyState: doc.KeyState,
    ...(doc.DeletionDate ? { DeletionDate: new Date(doc.DeletionDate) } : {}),
    KeyManager: doc.KeyManager,
    ...SYMMETRIC,
    EncryptionAlgorithms: [...SYMMETRIC.EncryptionAlgorithms],
    MultiRegion: doc.MultiRegion,
    ...(doc.MultiRegion ? { MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: doc.Arn, Region: doc.region }, ReplicaKeys: [] } } : {}),
    CurrentKeyMaterialId: currentMaterial(doc).id,
  };
}

export function aliasEntry(doc: AliasDoc): AliasListEntry {
  return {
    AliasName: doc.AliasName, AliasArn: doc.AliasArn, TargetKeyId: doc.TargetKeyId,
    CreationDate: new Date(doc.CreationDate), LastUpdatedDate: new Date(doc.LastUpdatedDate),
  };
}
