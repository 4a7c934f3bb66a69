/**
 * How each AWS CLI example of KMS is replayed against Berth: the call equivalent to its
 * command, through the SDK, after creating what the example presupposes (a key, its
 * aliases, tags, rotations). Answers are shaped as the aws CLI prints them (timestamps and
 * blobs as text). Examples about kinds of keys or features Berth lacks are skipped with
 * the reason: asymmetric, HMAC and key agreement keys, imported key material, custom key
 * stores, multi-Region replicas, grants.
 */
import * as kms from '@aws-sdk/client-kms';
import { CliExample } from '../support/aws-cli-examples.js';
import { TEST_CREDENTIALS } from '../support/berth-process.js';
import { ReplayScenario, Skip } from '../support/fidelity-replay.js';

/** An answer as the aws CLI prints it; the replay reads it loosely. */
export type Wire = any;

/** Dates as ISO text and blobs as base64, as the CLI prints them; no $metadata. */
function asCliPrints(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(asCliPrints);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '$metadata').map(([k, v]) => [k, asCliPrints(v)]));
}

export class KmsFixtures {
  private serial = 0;
  private readonly client: kms.KMSClient;

  constructor(endpoint: string, private readonly accountId: string) {
    this.client = new kms.KMSClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  }

  async call(operation: string, input: object = {}): Promise<Wire> {
    const Command = (kms as Record<string, any>)[`${operation}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation}`);
    return asCliPrints(await this.client.send(new Command(input)));
  }

  async key(input: object = {}): Promise<string> {
    return (await this.call('CreateKey', input)).KeyMetadata.KeyId;
  }

  /** A key with an alias named after `name` (a serial keeps examples apart). */
  async aliased(name: string, keyId?: string): Promise<{ keyId: string; alias: string }> {
    const target = keyId ?? (await this.key());
    const alias = `${name}-${++this.serial}`;
    await this.call('CreateAlias', { AliasName: alias, TargetKeyId: target });
    return { keyId: target, alias };
  }

  /** A policy the example shows, with its accounts replaced by Berth's (their users exist nowhere). */
  policyFrom(shown: unknown): string {
    return JSON.stringify(shown).replace(/arn:aws:iam::\d+:(root|user\/[\w+=,.@-]+)/g, `arn:aws:iam::${this.accountId}:root`);
  }
}

const out = (ex: CliExample): Wire => ex.output;

export type KmsScenario = ReplayScenario<KmsFixtures>;

export const SCENARIOS: KmsScenario[] = [
  { file: 'create-key.rst', match: /create-key$/, run: (f) => f.call('CreateKey') },
  { file: 'create-key.rst', match: /--multi-region/, run: (f) => f.call('CreateKey', { MultiRegion: true }) },
  {
    file: 'cancel-key-deletion.rst',
    run: async (f) => {
      const keyId = await f.key();
      await f.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 });
      return f.call('CancelKeyDeletion', { KeyId: keyId });
    },
  },
  { file: 'generate-data-key.rst', match: /--key-spec AES_256/, run: async (f) => f.call('GenerateDataKey', { KeyId: (await f.aliased('alias/ExampleAlias')).alias, KeySpec: 'AES_256' }) },
  { file: 'generate-data-key.rst', match: /--number-of-bytes 64/, run: async (f) => f.call('GenerateDataKey', { KeyId: await f.key(), NumberOfBytes: 64 }) },
  { file: 'generate-data-key-without-plaintext.rst', run: async (f) => f.call('GenerateDataKeyWithoutPlaintext', { KeyId: await f.key(), KeySpec: 'AES_256' }) },
  {
    file: 'get-key-rotation-status.rst',
    run: async (f) => {
      const keyId = await f.key();
      await f.call('EnableKeyRotation', { KeyId: keyId });
      return f.call('GetKeyRotationStatus', { KeyId: keyId });
    },
  },
  {
    file: 'list-key-rotations.rst',
    note: 'one on-demand rotation: an automatic one takes the rotation period to come',
    run: async (f) => {
      const keyId = await f.key();
      await f.call('RotateKeyOnDemand', { KeyId: keyId });
      return f.call('ListKeyRotations', { KeyId: keyId });
    },
  },
  { file: 'rotate-key-on-demand.rst', run: async (f) => f.call('RotateKeyOnDemand', { KeyId: await f.key() }) },
  {
    file: 'list-aliases.rst',
    match: /--key-id/,
    run: async (f) => {
      const { keyId } = await f.aliased('alias/oregon-test-key');
      await f.aliased('alias/project121-test', keyId);
      return f.call('ListAliases', { KeyId: keyId });
    },
  },
  { file: 'list-key-policies.rst', run: async (f) => f.call('ListKeyPolicies', { KeyId: await f.key() }) },
  { file: 'list-keys.rst', run: async (f) => (await f.key(), f.call('ListKeys')) },
  {
    file: 'list-resource-tags.rst',
    run: async (f, ex) => f.call('ListResourceTags', { KeyId: await f.key({ Tags: out(ex).Tags }) }),
  },
  {
    file: 'put-key-policy.rst',
    note: 'the example puts a policy and prints it with get-key-policy --output text: the policy document is compared',
    run: async (f, ex) => {
      const keyId = await f.key();
      await f.call('PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: f.policyFrom(out(ex)) });
      return JSON.parse((await f.call('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })).Policy);
    },
  },
];

const skip = (reason: string, file: string, match?: RegExp): Skip => ({ file: `${file}.rst`, reason, ...(match ? { match } : {}) });

/** Examples of KMS features out of Berth's scope, with the reason. */
export const SKIPPED: Skip[] = [
  skip('asymmetric KMS keys (RSA, ECC, ML-DSA)', 'create-key', /RSA|ECC|ML-DSA|ML_DSA/),
  skip('HMAC KMS keys', 'create-key', /HMAC/),
  skip('imported key material (Origin EXTERNAL)', 'create-key', /--origin EXTERNAL$/),
  skip('custom key stores (CloudHSM, external)', 'create-key', /--custom-key-store-id/),
  skip('asymmetric KMS keys (the example describes an RSA key)', 'describe-key', /RSA asymmetric/),
  skip('multi-Region replica keys (ReplicateKey)', 'describe-key', /replica/),
  skip('HMAC KMS keys', 'describe-key', /HMAC/),
  skip('asymmetric data key pairs', 'generate-data-key-pair'),
  skip('asymmetric data key pairs', 'generate-data-key-pair-without-plaintext'),
  skip('asymmetric KMS keys (public keys)', 'get-public-key'),
  skip('asymmetric KMS keys (signing)', 'sign'),
  skip('asymmetric KMS keys (signing)', 'verify'),
  skip('HMAC KMS keys', 'generate-mac'),
  skip('HMAC KMS keys', 'verify-mac'),
  skip('key agreement KMS keys', 'derive-shared-secret'),
  skip('imported key material', 'get-parameters-for-import'),
  skip('imported key material', 'import-key-material'),
  skip('imported key material', 'delete-imported-key-material'),
  skip('custom key stores', 'describe-custom-key-stores'),
  skip('grants', 'create-grant'),
];
