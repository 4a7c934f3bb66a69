/**
 * How each AWS CLI example of CloudWatch is replayed against Berth: the call equivalent to
 * its command, through the SDK, after publishing the metrics and creating the alarms the
 * example presupposes. AWS/ namespaces belong to AWS's services and PutMetricData refuses
 * them, so the replays publish the same metrics under Example/ (the answers' keys are the
 * same). Alarms are evaluated by Berth's scheduler (a 1-second minute) before they are read,
 * so they carry the StateReasonData AWS's recorded alarms have.
 */
import * as cw from '@aws-sdk/client-cloudwatch';
import { eventually, TEST_CREDENTIALS } from '../support/berth-process.js';
import { ReplayScenario, Skip } from '../support/fidelity-replay.js';

/** An answer as the aws CLI prints it; the replay reads it loosely. */
export type Wire = any;

export class CloudWatchFixtures {
  private serial = 0;
  private readonly client: cw.CloudWatchClient;

  constructor(endpoint: string) {
    this.client = new cw.CloudWatchClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  }

  /** One CloudWatch call; the answer as the CLI prints it (no $metadata, times as strings). */
  async call(operation: string, input: object = {}): Promise<Wire> {
    const Command = (cw as Record<string, any>)[`${operation}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation}`);
    const { $metadata: _, ...out } = await this.client.send(new Command(input));
    return JSON.parse(JSON.stringify(out));
  }

  name(prefix: string): string {
    return `${prefix}-${++this.serial}`;
  }

  /** Datapoints of one metric, `values` one per hour back from now (newest first). */
  async publish(namespace: string, metricName: string, dimensions: cw.Dimension[], values: number[], unit: cw.StandardUnit = 'Percent'): Promise<void> {
    const now = Date.now();
    const MetricData = values.map((Value, i) => ({ MetricName: metricName, Dimensions: dimensions, Value, Unit: unit, Timestamp: new Date(now - i * 3600_000) }));
    await this.call('PutMetricData', { Namespace: namespace, MetricData });
  }

  /** An alarm on a metric with data, once the scheduler has evaluated it. */
  async evaluatedAlarm(input: Partial<cw.PutMetricAlarmInput> & { AlarmName: string; MetricName: string; Namespace: string }): Promise<void> {
    await this.call('PutMetricAlarm', { Statistic: 'Average', Period: 300, EvaluationPeriods: 2, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', ...input });
    await eventually(async () => (await this.call('DescribeAlarms', { AlarmNames: [input.AlarmName] })).MetricAlarms[0]?.StateReasonData, `${input.AlarmName} to be evaluated`, 20_000, 200);
  }
}

export type CloudWatchScenario = ReplayScenario<CloudWatchFixtures>;

const INSTANCE = [{ Name: 'InstanceId', Value: 'i-0c986c72' }];
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:NotifyMe';
const REPLACED = 'The example reads AWS/ metrics; the replay publishes the same ones under Example/ (PutMetricData refuses AWS/ namespaces).';

export const SCENARIOS: CloudWatchScenario[] = [
  {
    file: 'describe-alarms.rst', note: REPLACED,
    run: async (f) => {
      const name = f.name('myalarm');
      await f.publish('Example/EC2', 'CPUUtilization', INSTANCE, [38.9, 40.3]);
      await f.evaluatedAlarm({ AlarmName: name, MetricName: 'CPUUtilization', Namespace: 'Example/EC2', Dimensions: INSTANCE, AlarmDescription: 'CPU usage exceeds 70 percent', AlarmActions: [TOPIC] });
      return f.call('DescribeAlarms', { AlarmNames: [name] });
    },
  },
  {
    file: 'describe-alarms-for-metric.rst', note: REPLACED,
    run: async (f) => {
      const dims = [{ Name: 'InstanceId', Value: f.name('i-0c986c72') }];
      await f.publish('Example/EC2', 'CPUUtilization', dims, [40.7, 39.6]);
      await f.evaluatedAlarm({ AlarmName: f.name('myHighCpuAlarm2'), MetricName: 'CPUUtilization', Namespace: 'Example/EC2', Dimensions: dims, EvaluationPeriods: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmDescription: 'CPU usage exceeds 70 percent', AlarmActions: [TOPIC] });
      await f.evaluatedAlarm({ AlarmName: f.name('myHighCpuAlarm'), MetricName: 'CPUUtilization', Namespace: 'Example/EC2', Dimensions: dims, AlarmDescription: 'CPU usage exceeds 70 percent', AlarmActions: [TOPIC], ActionsEnabled: false });
      return f.call('DescribeAlarmsForMetric', { MetricName: 'CPUUtilization', Namespace: 'Example/EC2', Dimensions: dims });
    },
  },
  {
    file: 'describe-alarm-history.rst',
    run: async (f) => {
      const name = f.name('myalarm');
      await f.call('PutMetricAlarm', { AlarmName: name, MetricName: 'Quiet', Namespace: 'Example/EC2', Statistic: 'Average', Period: 300, EvaluationPeriods: 2, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'ignore' });
      await f.call('SetAlarmState', { AlarmName: name, StateValue: 'ALARM', StateReason: 'testing purposes' });
      await f.call('SetAlarmState', { AlarmName: name, StateValue: 'OK', StateReason: 'testing purposes' });
      return f.call('DescribeAlarmHistory', { AlarmName: name, HistoryItemType: 'StateUpdate' });
    },
  },
  {
    file: 'get-metric-statistics.rst', note: REPLACED,
    run: async (f) => {
      const dims = [{ Name: 'InstanceId', Value: f.name('i-abcdef') }];
      await f.publish('Example/EC2', 'CPUUtilization', dims, [44.79, 47.92, 50.85, 47.92]);
      const now = Date.now();
      return f.call('GetMetricStatistics', { MetricName: 'CPUUtilization', Namespace: 'Example/EC2', Dimensions: dims, StartTime: new Date(now - 24 * 3600_000), EndTime: new Date(now), Period: 3600, Statistics: ['Maximum'] });
    },
  },
  {
    file: 'list-metrics.rst', note: REPLACED,
    run: async (f) => {
      const namespace = f.name('Example/SNS');
      for (const topic of ['NotifyMe', 'CFO']) {
        for (const metric of ['PublishSize', 'NumberOfNotificationsFailed', 'NumberOfNotificationsDelivered', 'NumberOfMessagesPublished']) {
          await f.publish(namespace, metric, [{ Name: 'TopicName', Value: topic }], [1], 'Count');
        }
      }
      return f.call('ListMetrics', { Namespace: namespace });
    },
  },
  {
    file: 'get-metric-data.rst', match: /Average Total IOPS/, note: REPLACED,
    run: async (f) => {
      const dims = [{ Name: 'InstanceId', Value: f.name('i-abcdef') }];
      await f.publish('Example/EC2', 'EBSReadOps', dims, [20000], 'Count');
      await f.publish('Example/EC2', 'EBSWriteOps', dims, [9055], 'Count');
      const stat = (MetricName: string) => ({ Metric: { Namespace: 'Example/EC2', MetricName, Dimensions: dims }, Period: 300, Stat: 'Sum', Unit: 'Count' });
      return f.call('GetMetricData', {
        MetricDataQueries: [{ Id: 'm3', Expression: '(m1+m2)/300', Label: 'Avg Total IOPS' }, { Id: 'm1', MetricStat: stat('EBSReadOps'), ReturnData: false }, { Id: 'm2', MetricStat: stat('EBSWriteOps'), ReturnData: false }],
        StartTime: new Date(Date.now() - 300_000), EndTime: new Date(Date.now() + 60_000),
      });
    },
  },
  {
    file: 'get-metric-data.rst', match: /EstimatedCharges/, note: REPLACED,
    run: async (f) => {
      const dims = [{ Name: 'Currency', Value: f.name('USD') }];
      await f.publish('Example/Billing', 'EstimatedCharges', dims, [542.38], 'None');
      return f.call('GetMetricData', {
        MetricDataQueries: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'Example/Billing', MetricName: 'EstimatedCharges', Dimensions: dims }, Period: 21600, Stat: 'Maximum' } }],
        StartTime: new Date(Date.now() - 21600_000), EndTime: new Date(Date.now() + 60_000),
      });
    },
  },
  {
    file: 'list-tags-for-resource.rst',
    run: async (f) => {
      const name = f.name('demo');
      await f.call('PutMetricAlarm', { AlarmName: name, MetricName: 'Quiet', Namespace: 'Example/EC2', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', Tags: [{ Key: 'stack', Value: 'Production' }, { Key: 'team', Value: 'Devops' }] });
      const [alarm] = (await f.call('DescribeAlarms', { AlarmNames: [name] })).MetricAlarms;
      return f.call('ListTagsForResource', { ResourceARN: alarm.AlarmArn });
    },
  },
];

/** Newer awscli releases document CloudWatch features Berth does not serve. */
export const SKIPPED: Skip[] = [
  { file: 'get-dashboard.rst', reason: 'dashboards' }, { file: 'list-dashboards.rst', reason: 'dashboards' }, { file: 'put-dashboard.rst', reason: 'dashboards' },
  { file: 'describe-insight-rules.rst', reason: 'Contributor Insights rules' }, { file: 'delete-insight-rules.rst', reason: 'Contributor Insights rules' },
  { file: 'enable-insight-rules.rst', reason: 'Contributor Insights rules' }, { file: 'disable-insight-rules.rst', reason: 'Contributor Insights rules' },
  { file: 'get-insight-rule-report.rst', reason: 'Contributor Insights rules' }, { file: 'describe-anomaly-detectors.rst', reason: 'anomaly detection' },
  { file: 'get-metric-stream.rst', reason: 'metric streams' }, { file: 'list-metric-streams.rst', reason: 'metric streams' }, { file: 'put-metric-stream.rst', reason: 'metric streams' },
];
