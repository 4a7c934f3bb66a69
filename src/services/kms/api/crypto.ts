/**
 * The cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext)
 * and GenerateRandom. Blobs are Berth's format (../domain/envelope.ts); the encryption
 * context is bound to each blob and must be given again, equal, to decrypt. Only
 * SYMMETRIC_DEFAULT exists; attested requests (Recipient) are refused. DryRun answers
 * DryRunOperationException once every check has passed. Nothing here logs or echoes a
 * plaintext.
 */
import { randomBytes } from 'node:crypto';
import { scopeOf } from '../../../platform/aws/scope.js';
import { DecryptRequest, GenerateDataKeyWithoutPlaintextRequest, Operations, RecipientInfo } from '../../../protocol/generated/kms.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { BlobHeader } from '../domain/envelope.js';
import { kmsErrors } from '../domain/errors.js';
import { checkKeyManager } from '../domain/key-rules.js';
import { ciphertextKey } from '../domain/lookups.js';
import { KeyDoc } from '../domain/records.js';
import { keyFor, KmsDeps } from './context.js';

const MAX_PLAINTEXT = 4096;
const MAX_CIPHERTEXT = 6144;
const ALGORITHM = 'SYMMETRIC_DEFAULT';

/** A blob member as bytes (the JSON protocol reads blobs as Buffers), with the model's lengths checked under AWS's member name. */
function bytesOf(member: string, value: Buffer | string | undefined, max: number): Buffer {
  if (value === undefined) throw kmsErrors.constraint([`Value null at '${member}' failed to satisfy constraint: Member must not be null`]);
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'base64');
  // The value is not shown: AWS leaves sensitive members out of the message.
  if (bytes.length < 1) throw kmsErrors.constraint([`Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`]);
  if (bytes.length > max) throw kmsErrors.constraint([`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`]);
  return bytes;
}

function checkAlgorithm(algorithm: string | undefined): void {
  if (algorithm !== undefined && algorithm !== ALGORITHM) throw kmsErrors.invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${ALGORITHM}.`);
}

function refuseRecipient(recipient: RecipientInfo | undefined): void {
  if (recipient !== undefined) throw kmsErrors.unsupported('Berth does not support attested requests (Recipient).');
}

/** How many bytes a data key has: NumberOfBytes or KeySpec, exactly one of them. */
function dataKeyLength(input: { NumberOfBytes?: number; KeySpec?: 'AES_256' | 'AES_128' }): number {
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined)) throw kmsErrors.validation('Please specify either number of bytes or key spec.');
  return input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
}

export function cryptoOps(deps: KmsDeps): TypedHandlers<Operations> {
  const { store, ring } = deps;

  /** The key a blob names, allowed for `operation`, checked against the key the caller named. */
  const blobSource = (ctx: RequestContext, operation: string, input: Pick<DecryptRequest, 'CiphertextBlob' | 'KeyId'>): { key: KeyDoc; header: BlobHeader; blob: Buffer } => {
    const expected = input.KeyId !== undefined ? keyFor(deps, store, ctx, input.KeyId, operation, 'crypto').doc : undefined;
    const blob = bytesOf('ciphertextBlob', input.CiphertextBlob, MAX_CIPHERTEXT);
    const { key, header } = ciphertextKey(store, scopeOf(ctx), blob, expected);
    checkKeyManager(key, operation, deps.callerArn(ctx));
    return { key, header, blob };
  };

  const dataKey = (ctx: RequestContext, operation: string, input: GenerateDataKeyWithoutPlaintextRequest) => {
    const length = dataKeyLength(input);
    const key = keyFor(deps, store, ctx, input.KeyId, operation, 'crypto').doc;
    if (input.DryRun) throw kmsErrors.dryRun();
    const plaintext = randomBytes(length);
    const sealed = ring.seal(key, plaintext, input.EncryptionContext);
    return { plaintext, CiphertextBlob: sealed.ciphertext, KeyId: key.Arn, KeyMaterialId: sealed.materialId };
  };

  return {
    Encrypt: (input, ctx) => {
      const plaintext = bytesOf('plaintext', input.Plaintext, MAX_PLAINTEXT);
      checkAlgorithm(input.EncryptionAlgorithm);
      const key = keyFor(deps, store, ctx, input.KeyId, 'Encrypt', 'crypto').doc;
      if (input.DryRun) throw kmsErrors.dryRun();
      return { CiphertextBlob: ring.seal(key, plaintext, input.EncryptionContext).ciphertext, KeyId: key.Arn, EncryptionAlgorithm: ALGORITHM };
    },

    Decrypt: (input, ctx) => {
      refuseRecipient(input.Recipient);
      checkAlgorithm(input.EncryptionAlgorithm);
      if (input.DryRun && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT') && input.KeyId !== undefined) {
        keyFor(deps, store, ctx, input.KeyId, 'Decrypt', 'crypto');
        throw kmsErrors.dryRun();
      }
      const { key, header, blob } = blobSource(ctx, 'Decrypt', input);
      if (input.DryRun) throw kmsErrors.dryRun();
      const plaintext = ring.open(key, blob, header, input.EncryptionContext);
      return { KeyId: key.Arn, Plaintext: plaintext, EncryptionAlgorithm: ALGORITHM, KeyMaterialId: header.materialId };
    },

    ReEncrypt: (input, ctx) => {
      checkAlgorithm(input.SourceEncryptionAlgorithm);
      checkAlgorithm(input.DestinationEncryptionAlgorithm);
      const source = blobSource(ctx, 'ReEncrypt', { ...input, KeyId: input.SourceKeyId });
      const destination = keyFor(deps, store, ctx, input.DestinationKeyId, 'ReEncrypt', 'crypto').doc;
      if (input.DryRun) throw kmsErrors.dryRun();
      const plaintext = ring.open(source.key, source.blob, source.header, input.SourceEncryptionContext);
      const sealed = ring.seal(destination, plaintext, input.DestinationEncryptionContext);
      return {
        CiphertextBlob: sealed.ciphertext, SourceKeyId: source.key.Arn, KeyId: destination.Arn,
        SourceEncryptionAlgorithm: ALGORITHM, DestinationEncryptionAlgorithm: ALGORITHM,
        SourceKeyMaterialId: source.header.materialId, DestinationKeyMaterialId: sealed.materialId,
      };
    },

    GenerateDataKey: (input, ctx) => {
      refuseRecipient(input.Recipient);
      const { plaintext, ...rest } = dataKey(ctx, 'GenerateDataKey', input);
      return { ...rest, Plaintext: plaintext };
    },

    GenerateDataKeyWithoutPlaintext: (input, ctx) => {
      const { plaintext: _withheld, ...rest } = dataKey(ctx, 'GenerateDataKeyWithoutPlaintext', input);
      return rest;
    },

    GenerateRandom: (input) => {
      refuseRecipient(input.Recipient);
      if (input.CustomKeyStoreId !== undefined) throw kmsErrors.unsupported('Berth has no custom key stores.');
      if (input.NumberOfBytes === undefined) throw kmsErrors.validation('NumberOfBytes is required.');
      return { Plaintext: randomBytes(input.NumberOfBytes) };
    },
  };
}
