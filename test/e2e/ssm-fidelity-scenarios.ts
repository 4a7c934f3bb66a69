/**
 * How each AWS CLI example of Parameter Store is replayed against Berth: the call equivalent
 * to its command, through the SDK, after creating what the example presupposes. Names get a
 * serial so scenarios never meet; values, types, tiers, descriptions and policies come from
 * the example. Only Parameter Store's examples are replayed (Berth serves no other part of SSM).
 */
import * as ssm from '@aws-sdk/client-ssm';
import { CliExample } from '../support/aws-cli-examples.js';
import { TEST_CREDENTIALS } from '../support/berth-process.js';
import { ReplayScenario } from '../support/fidelity-replay.js';

/** An answer as the aws CLI prints it; the replay reads it loosely. */
export type Wire = any;

/** The example files about parameters (and tagging, which parameters share with the rest of SSM). */
export const PARAMETER_FILES = /parameter|tags-for-resource/;

const EXPIRING = JSON.stringify([
  { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: '2030-07-07T22:30:00Z' } },
  { Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '12', Unit: 'Hours' } },
]);

export class SsmFixtures {
  private serial = 0;
  private readonly client: ssm.SSMClient;

  constructor(endpoint: string) {
    this.client = new ssm.SSMClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  }

  /** One SSM call; the answer as the CLI prints it (no $metadata, times as strings). */
  async call(operation: string, input: object = {}): Promise<Wire> {
    const Command = (ssm as Record<string, any>)[`${operation}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation}`);
    const { $metadata: _, ...out } = await this.client.send(new Command(input));
    return JSON.parse(JSON.stringify(out));
  }

  name(prefix: string): string {
    return `${prefix}-${++this.serial}`;
  }

  /** A parameter with `versions` versions (each write as the example's, if it shows one). */
  async parameter(prefix: string, input: object = {}, versions = 1): Promise<string> {
    const name = this.name(prefix);
    for (let v = 1; v <= versions; v++) await this.call('PutParameter', { Name: name, Value: `value ${v}`, Type: 'String', Description: `version ${v}`, ...input, Overwrite: v > 1 });
    return name;
  }
}

/** The value of `--<name>` in the example's command, unquoted. */
function arg(ex: CliExample, name: string): string | undefined {
  return new RegExp(`--${name} ("[^"]*"|\\S+)`).exec(ex.command)?.[1].replace(/^"|"$/g, '');
}

const out = (ex: CliExample): Wire => ex.output;

export type SsmScenario = ReplayScenario<SsmFixtures>;

const READS: SsmScenario[] = [
  { file: 'get-parameter.rst', match: /with-decryption/, run: async (f) => f.call('GetParameter', { Name: await f.parameter('MySecureStringParameter', { Type: 'SecureString' }), WithDecryption: true }) },
  { file: 'get-parameter.rst', match: /:label/, run: async (f) => {
    const name = await f.parameter('MyParameter', {}, 2);
    await f.call('LabelParameterVersion', { Name: name, Labels: ['label'] });
    return f.call('GetParameter', { Name: `${name}:label` });
  } },
  { file: 'get-parameter.rst', match: /:2/, run: async (f) => f.call('GetParameter', { Name: `${await f.parameter('MyParameter', {}, 2)}:2` }) },
  { file: 'get-parameter.rst', run: async (f) => f.call('GetParameter', { Name: await f.parameter('MyStringParameter') }) },
  {
    file: 'get-parameters.rst',
    match: /Example 3/,
    note: 'the example shows one parameter by label and one by version: GetParameters with both selectors',
    run: async (f) => {
      const labelled = await f.parameter('MyLabelParameter');
      await f.call('LabelParameterVersion', { Name: labelled, Labels: ['label'] });
      return f.call('GetParameters', { Names: [`${labelled}:label`, `${await f.parameter('MyVersionParameter', {}, 2)}:2`] });
    },
  },
  {
    file: 'get-parameters.rst',
    match: /--query/,
    note: '--query is applied by the CLI: the replay maps the answer the same way',
    run: async (f) => {
      const names = [await f.parameter('MyStringParameter'), await f.parameter('MyStringListParameter', { Type: 'StringList', Value: 'alpha,beta,gamma' })];
      return (await f.call('GetParameters', { Names: names })).Parameters.map((p: Wire) => ({ Name: p.Name, Value: p.Value }));
    },
  },
  {
    file: 'get-parameters.rst',
    run: async (f) => f.call('GetParameters', { Names: [await f.parameter('MyStringParameter'), await f.parameter('MyStringListParameter', { Type: 'StringList', Value: 'alpha,beta,gamma' }), 'MyInvalidParameterName'] }),
  },
  { file: 'get-parameter-history.rst', run: async (f) => f.call('GetParameterHistory', { Name: await f.parameter('MyStringParameter', {}, 3) }) },
  {
    file: 'describe-parameters.rst',
    match: /specific metadata/,
    run: async (f) => {
      await f.parameter('MyStringListParameter', { Type: 'StringList', Value: 'a,b' });
      return f.call('DescribeParameters', { Filters: [{ Key: 'Type', Values: ['StringList'] }], MaxResults: 50 });
    },
  },
  {
    file: 'describe-parameters.rst',
    run: async (f) => {
      await f.parameter('MySecureStringParameter', { Type: 'SecureString', Tier: 'Advanced', Policies: EXPIRING, Description: 'This is a SecureString parameter' });
      await f.parameter('MyStringParameter');
      return f.call('DescribeParameters', { MaxResults: 50 });
    },
  },
];

/** The example's write: a new parameter, or a new version of one with --overwrite. */
async function putLike(f: SsmFixtures, ex: CliExample): Promise<Wire> {
  const overwrite = /--overwrite/.test(ex.command);
  const input = { Value: arg(ex, 'value'), Type: arg(ex, 'type'), ...(arg(ex, 'tier') ? { Tier: arg(ex, 'tier') } : {}), ...(arg(ex, 'policies') ? { Policies: EXPIRING } : {}) };
  return f.call('PutParameter', { Name: overwrite ? await f.parameter('/Finance/Payroll/q2accesskey') : f.name('MyParameter'), ...input, Overwrite: overwrite });
}

const WRITES: SsmScenario[] = [
  { file: 'put-parameter.rst', match: /--policies/, note: 'the example\'s policies expired in 2020: the replay gives them a future timestamp', run: putLike },
  { file: 'put-parameter.rst', run: putLike },
  {
    file: 'delete-parameters.rst',
    run: async (f) => f.call('DeleteParameters', { Names: [await f.parameter('MyFirstParameter'), await f.parameter('MySecondParameter'), 'MyInvalidParameterName'] }),
  },
  { file: 'label-parameter-version.rst', run: async (f, ex) => f.call('LabelParameterVersion', { Name: await f.parameter('MyStringParameter', {}, out(ex).ParameterVersion ?? 1), Labels: ['ProductionReady'] }) },
  {
    file: 'unlabel-parameter-version.rst',
    run: async (f) => {
      const name = await f.parameter('parameterName');
      const Labels = ['label_1', 'label_2', 'label_3'];
      await f.call('LabelParameterVersion', { Name: name, Labels });
      return f.call('UnlabelParameterVersion', { Name: name, ParameterVersion: 1, Labels });
    },
  },
  {
    file: 'list-tags-for-resource.rst',
    note: 'the example tags a patch baseline, which Berth does not have: the replay lists a parameter\'s tags',
    run: async (f, ex) => f.call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: await f.parameter('Tagged', { Tags: out(ex).TagList }) }),
  },
];

export const SCENARIOS: SsmScenario[] = [...READS, ...WRITES];
