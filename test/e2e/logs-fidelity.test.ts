/**
 * Fidelity: the AWS CLI's CloudWatch Logs examples replayed against Berth
 * (test/support/fidelity-suite.ts), through the SDK, after creating what each presupposes.
 * The examples' events date from 2015, which PutLogEvents now rejects as too old: the
 * replay writes the same messages stamped now.
 */
import * as cwl from '@aws-sdk/client-cloudwatch-logs';
import { startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { fidelitySuite } from '../support/fidelity-suite.js';
import { ReplayScenario } from '../support/fidelity-replay.js';

class LogsFixtures {
  private serial = 0;
  private readonly client: cwl.CloudWatchLogsClient;

  constructor(endpoint: string) {
    this.client = new cwl.CloudWatchLogsClient({ endpoint, region: 'us-west-2', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  }

  /** The answer as the CLI prints it (no $metadata). */
  async call(operation: string, input: object): Promise<unknown> {
    const Command = (cwl as unknown as Record<string, new (input: object) => cwl.PutLogEventsCommand>)[`${operation}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation}`);
    const answer = (await this.client.send(new Command(input))) as unknown as Record<string, unknown>;
    return Object.fromEntries(Object.entries(answer).filter(([k]) => k !== '$metadata'));
  }

  /** A fresh group named after `name` (a serial keeps examples apart), with streams. */
  async group(name: string, ...streams: string[]): Promise<string> {
    const group = `${name}-${++this.serial}`;
    await this.call('CreateLogGroup', { logGroupName: group });
    for (const s of streams) await this.call('CreateLogStream', { logGroupName: group, logStreamName: s });
    return group;
  }

  put(group: string, stream: string, messages: string[]): Promise<unknown> {
    const now = Date.now();
    return this.call('PutLogEvents', { logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: now + i, message })) });
  }
}

const SCENARIOS: ReplayScenario<LogsFixtures>[] = [
  { file: 'create-log-group.rst', run: (f) => f.call('CreateLogGroup', { logGroupName: 'my-logs' }) },
  { file: 'create-log-stream.rst', run: async (f) => f.call('CreateLogStream', { logGroupName: await f.group('my-logs'), logStreamName: '20150601' }) },
  { file: 'delete-log-group.rst', run: async (f) => f.call('DeleteLogGroup', { logGroupName: await f.group('my-logs') }) },
  { file: 'delete-log-stream.rst', run: async (f) => f.call('DeleteLogStream', { logGroupName: await f.group('my-logs', '20150531'), logStreamName: '20150531' }) },
  { file: 'delete-retention-policy.rst', run: async (f) => f.call('DeleteRetentionPolicy', { logGroupName: await f.group('my-logs') }) },
  { file: 'put-retention-policy.rst', run: async (f) => f.call('PutRetentionPolicy', { logGroupName: await f.group('my-logs'), retentionInDays: 5 }) },
  {
    file: 'describe-log-groups.rst',
    run: async (f) => {
      const group = await f.group('my-logs');
      await f.call('PutRetentionPolicy', { logGroupName: group, retentionInDays: 5 });
      return f.call('DescribeLogGroups', { logGroupNamePrefix: group });
    },
  },
  { file: 'describe-log-streams.rst', run: async (f) => f.call('DescribeLogStreams', { logGroupName: await f.group('my-logs', '20150531', '20150601'), logStreamNamePrefix: '2015' }) },
  {
    file: 'get-log-events.rst',
    note: 'events stamped now (2015 is past the 14 days PutLogEvents accepts)',
    run: async (f) => {
      const group = await f.group('my-logs', '20150601');
      await f.put(group, '20150601', ['Example Event 1', 'Example Event 1', 'Example Event 2']);
      return f.call('GetLogEvents', { logGroupName: group, logStreamName: '20150601' });
    },
  },
  {
    file: 'put-log-events.rst',
    note: 'events stamped now; the sequence token is accepted and ignored, as AWS does now',
    run: async (f) => {
      const group = await f.group('my-logs', '20150601');
      return f.put(group, '20150601', ['Example Event 1', 'Example Event 2', 'Example Event 3']);
    },
  },
];

fidelitySuite({
  title: 'CloudWatch Logs', examples: 'logs', floor: 1, scenarios: SCENARIOS,
  start: async () => {
    const berth = await startBerthProcess();
    return { berth, fixtures: new LogsFixtures(berth.endpoint) };
  },
});
