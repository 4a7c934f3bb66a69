/**
 * How each AWS CLI example of Secrets Manager is replayed against Berth: the call
 * equivalent to its command, through the SDK, after creating what the example
 * presupposes. Names get a serial so scenarios never meet; versions take the example's
 * own version ids as their ClientRequestTokens, so maps keyed by version id compare.
 * Replication and secrets managed by other services are skipped.
 */
import * as sm from '@aws-sdk/client-secrets-manager';
import { CliExample } from '../support/aws-cli-examples.js';
import { TEST_CREDENTIALS } from '../support/berth-process.js';
import { ReplayScenario, Skip } from '../support/fidelity-replay.js';

/** An answer as the aws CLI prints it; the replay reads it loosely. */
export type Wire = any;

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:MyTestRotationLambda';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/MyRole' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });

export class SmFixtures {
  private serial = 0;
  private readonly client: sm.SecretsManagerClient;

  constructor(endpoint: string) {
    this.client = new sm.SecretsManagerClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  }

  /** One call; the answer as the CLI prints it (no $metadata). */
  async call(operation: string, input: object = {}): Promise<Wire> {
    const Command = (sm as Record<string, any>)[`${operation}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation}`);
    const { $metadata: _, ...out } = await this.client.send(new Command(input));
    return JSON.parse(JSON.stringify(out));
  }

  name(prefix = 'MyTestSecret'): string {
    return `${prefix}-${++this.serial}x`;
  }

  /** A secret with a value; its name. */
  async secret(input: object = {}, prefix?: string): Promise<string> {
    return (await this.call('CreateSecret', { Name: this.name(prefix), SecretString: '{"user":"diegor","password":"EXAMPLE-PASSWORD"}', ...input })).Name;
  }

  /** A secret with AWSPREVIOUS, AWSCURRENT and AWSPENDING versions (with these ids when given), read once. */
  async staged(input: object = {}, ids: Record<string, string> = {}): Promise<string> {
    const token = (label: string) => (ids[label] ? { ClientRequestToken: ids[label] } : {});
    const name = await this.secret({ ...input, ...token('AWSPREVIOUS') });
    await this.call('PutSecretValue', { SecretId: name, SecretString: 'second', ...token('AWSCURRENT') });
    await this.call('PutSecretValue', { SecretId: name, SecretString: 'pending', VersionStages: ['AWSPENDING'], ...token('AWSPENDING') });
    await this.call('GetSecretValue', { SecretId: name });
    return name;
  }

  async rotating(name: string, rules: object = { AutomaticallyAfterDays: 2 }): Promise<void> {
    await this.call('RotateSecret', { SecretId: name, RotationLambdaARN: LAMBDA, RotationRules: rules });
  }
}

/** The example's version ids by the label they carry, from a version-id → labels map. */
function idsByLabel(map: Record<string, string[]> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).flatMap(([id, labels]) => labels.map((label) => [label, id])));
}

const shown = (ex: CliExample): Wire => ex.output;

export type SmScenario = ReplayScenario<SmFixtures>;

export const SCENARIOS: SmScenario[] = [
  { file: 'create-secret.rst', run: (f, ex) => f.call('CreateSecret', { Name: f.name(), SecretString: '{"user":"diegor"}', ...(/--description/.test(ex.command) ? { Description: 'My test secret created with the CLI.' } : {}) }) },
  { file: 'get-secret-value.rst', match: /AWSPREVIOUS/, run: async (f) => f.call('GetSecretValue', { SecretId: await f.staged(), VersionStage: 'AWSPREVIOUS' }) },
  { file: 'get-secret-value.rst', run: async (f) => f.call('GetSecretValue', { SecretId: await f.secret() }) },
  { file: 'put-secret-value.rst', run: async (f) => f.call('PutSecretValue', { SecretId: await f.secret(), SecretString: '{"user":"diegor","password":"EXAMPLE-PASSWORD"}' }) },
  {
    file: 'describe-secret.rst',
    exclude: { paths: /^(PrimaryRegion|ReplicationStatus|KmsKeyId|LastRotatedDate)/, reason: 'Berth does not replicate secrets, runs no rotation Lambda (LastRotatedDate), and the replay uses the AWS managed key, which DescribeSecret leaves out as AWS does' },
    note: 'RotationRules are given as a schedule with a window (AWS derives AutomaticallyAfterDays only for rate schedules)',
    run: async (f, ex) => {
      const name = await f.staged({ Description: 'My test secret', Tags: [{ Key: 'SecondTag', Value: 'AnotherValue' }, { Key: 'FirstTag', Value: 'SomeValue' }] }, idsByLabel(shown(ex).VersionIdsToStages));
      await f.rotating(name, { AutomaticallyAfterDays: 2, ScheduleExpression: 'cron(0 16 1,15 * ? *)', Duration: '2h' });
      return f.call('DescribeSecret', { SecretId: name });
    },
  },
  {
    file: 'list-secret-version-ids.rst',
    run: async (f) => {
      const name = await f.secret();
      await f.call('GetSecretValue', { SecretId: name });
      await f.call('PutSecretValue', { SecretId: name, SecretString: 'second' });
      await f.call('GetSecretValue', { SecretId: name });
      await f.call('PutSecretValue', { SecretId: name, SecretString: 'third' });
      await f.call('GetSecretValue', { SecretId: name });
      return f.call('ListSecretVersionIds', { SecretId: name, IncludeDeprecated: true });
    },
  },
  {
    file: 'list-secrets.rst',
    run: async (f, ex) => {
      const entries = shown(ex).SecretList as Array<{ SecretVersionsToStages: Record<string, string[]> }>;
      const names: string[] = [];
      for (const entry of entries) names.push(await f.secret({ ClientRequestToken: Object.keys(entry.SecretVersionsToStages)[0] }, 'ListTest'));
      return f.call('ListSecrets', /--filter/.test(ex.command) ? { Filters: [{ Key: 'name', Values: names }] } : { MaxResults: entries.length });
    },
  },
  {
    file: 'batch-get-secret-value.rst',
    run: async (f, ex) => {
      const prefix = f.name('MySecret');
      const names = [await f.secret({}, prefix), await f.secret({}, prefix), await f.secret({}, prefix)];
      return f.call('BatchGetSecretValue', /--filters/.test(ex.command) ? { Filters: [{ Key: 'name', Values: [prefix] }] } : { SecretIdList: names });
    },
  },
  {
    file: 'delete-secret.rst',
    run: async (f, ex) => f.call('DeleteSecret', { SecretId: await f.secret(), ...(/--force-delete/.test(ex.command) ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: 7 }) }),
  },
  {
    file: 'restore-secret.rst',
    run: async (f) => {
      const name = await f.secret();
      await f.call('DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
      return f.call('RestoreSecret', { SecretId: name });
    },
  },
  { file: 'get-random-password.rst', run: (f) => f.call('GetRandomPassword', { RequireEachIncludedType: true, PasswordLength: 20 }) },
  { file: 'put-resource-policy.rst', run: async (f) => f.call('PutResourcePolicy', { SecretId: await f.secret(), ResourcePolicy: POLICY, BlockPublicPolicy: true }) },
  {
    file: 'get-resource-policy.rst',
    run: async (f) => {
      const name = await f.secret();
      await f.call('PutResourcePolicy', { SecretId: name, ResourcePolicy: POLICY });
      return f.call('GetResourcePolicy', { SecretId: name });
    },
  },
  {
    file: 'delete-resource-policy.rst',
    run: async (f) => {
      const name = await f.secret();
      await f.call('PutResourcePolicy', { SecretId: name, ResourcePolicy: POLICY });
      return f.call('DeleteResourcePolicy', { SecretId: name });
    },
  },
  { file: 'validate-resource-policy.rst', run: (f) => f.call('ValidateResourcePolicy', { ResourcePolicy: POLICY }) },
  {
    file: 'rotate-secret.rst',
    note: 'Berth records the rotation configuration and answers the new VersionId; it invokes no Lambda',
    run: async (f, ex) => {
      const name = await f.secret();
      if (/--rotation-lambda-arn/.test(ex.command)) {
        const rules = /rate/.test(ex.command) ? { ScheduleExpression: 'rate(10 days)' } : { ScheduleExpression: 'cron(0 16 1,15 * ? *)', Duration: '2h' };
        return f.call('RotateSecret', { SecretId: name, RotationLambdaARN: LAMBDA, RotationRules: rules });
      }
      await f.rotating(name);
      return f.call('RotateSecret', { SecretId: name });
    },
  },
  {
    file: 'cancel-rotate-secret.rst',
    run: async (f) => {
      const name = await f.secret();
      await f.rotating(name);
      return f.call('CancelRotateSecret', { SecretId: name });
    },
  },
  {
    file: 'update-secret.rst',
    note: 'the key change names the AWS managed key: a customer managed key needs KMS CreateKey, outside this replay',
    run: async (f, ex) => f.call('UpdateSecret', { SecretId: await f.secret(), ...(/--kms-key-id/.test(ex.command) ? { KmsKeyId: 'alias/aws/secretsmanager' } : { Description: 'This is a new description for the secret.' }) }),
  },
  {
    file: 'update-secret-version-stage.rst',
    run: async (f, ex) => {
      const name = await f.staged();
      const versions = (await f.call('ListSecretVersionIds', { SecretId: name })).Versions as Array<{ VersionId: string; VersionStages: string[] }>;
      const holder = (label: string) => versions.find((v) => v.VersionStages.includes(label))!.VersionId;
      if (/--version-stage AWSCURRENT/.test(ex.command)) {
        return f.call('UpdateSecretVersionStage', { SecretId: name, VersionStage: 'AWSCURRENT', MoveToVersionId: holder('AWSPREVIOUS'), RemoveFromVersionId: holder('AWSCURRENT') });
      }
      if (/--move-to-version-id/.test(ex.command)) return f.call('UpdateSecretVersionStage', { SecretId: name, VersionStage: 'STAGINGLABEL1', MoveToVersionId: holder('AWSCURRENT') });
      await f.call('UpdateSecretVersionStage', { SecretId: name, VersionStage: 'STAGINGLABEL1', MoveToVersionId: holder('AWSCURRENT') });
      return f.call('UpdateSecretVersionStage', { SecretId: name, VersionStage: 'STAGINGLABEL1', RemoveFromVersionId: holder('AWSCURRENT') });
    },
  },
];

export const SKIPPED: Skip[] = [
  { file: 'list-secrets.rst', match: /owning-service/, reason: 'secrets managed by other services (RDS)' },
  { file: 'replicate-secret-to-regions.rst', reason: 'replication to other Regions' },
  { file: 'remove-regions-from-replication.rst', reason: 'replication to other Regions' },
  { file: 'stop-replication-to-replica.rst', reason: 'replication to other Regions' },
];
