/**
 * CloudWatch end to end, over the three protocols its clients use: the JS SDK (JSON 1.0 by
 * default, rpc-v2-cbor when given the protocol), the aws CLI (botocore speaks rpc-v2-cbor),
 * and JSON 1.0 and awsQuery requests signed by hand. Berth runs with a 1-second minute
 * (--metric-period-seconds 1), so alarms with 2-second periods are evaluated within seconds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import {
  CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricDataCommand, GetMetricStatisticsCommand, InvalidParameterValueException,
  ListMetricsCommand, ListTagsForResourceCommand, PutMetricAlarmCommand, PutMetricDataCommand, ResourceNotFound, SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { decodeCbor, encodeCbor } from '../../src/protocol/cbor.js';
import { loadModel } from '../../src/protocol/model.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { awsError, operationWire, send, sign } from '../support/aws-wire.js';
import { ServedModel } from '../support/served-models.js';

const run = promisify(execFile);

/** A botocore data path whose CloudWatch model names only rpc-v2-cbor, so the CLI speaks it. */
async function cborOnlyModel(): Promise<string> {
  const botocore = (await run('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'])).stdout.trim();
  const model = JSON.parse(gunzipSync(readFileSync(join(botocore, 'data/cloudwatch/2010-08-01/service-2.json.gz'))).toString('utf8'));
  model.metadata.protocols = ['smithy-rpc-v2-cbor'];
  const root = mkdtempSync(join(tmpdir(), 'botocore-cbor-'));
  mkdirSync(join(root, 'cloudwatch/2010-08-01'), { recursive: true });
  writeFileSync(join(root, 'cloudwatch/2010-08-01/service-2.json'), JSON.stringify(model));
  return root;
}
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

describe('CloudWatch', () => {
  let berth: RunningBerth;
  let json: CloudWatchClient;
  let cbor: CloudWatchClient;
  let cborModel: string;

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT, '--metric-period-seconds', '1'] });
    json = new CloudWatchClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    cbor = new CloudWatchClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1, protocol: AwsSmithyRpcV2CborProtocol });
    cborModel = await cborOnlyModel();
  });
  after(async () => {
    await berth?.destroy();
    if (cborModel) rmSync(cborModel, { recursive: true, force: true });
  });

  it('puts and reads metrics through the SDK in JSON 1.0 and in rpc-v2-cbor', async () => {
    const now = Date.now();
    const start = new Date(Math.floor(now / 60_000) * 60_000 - 60_000);
    await json.send(new PutMetricDataCommand({ Namespace: 'E2E', MetricData: [{ MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], Values: [10, 20], Counts: [1, 3], Unit: 'Milliseconds' }] }));
    await cbor.send(new PutMetricDataCommand({ Namespace: 'E2E', MetricData: [{ MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], Value: 30, Unit: 'Milliseconds' }] }));
    for (const client of [json, cbor]) {
      const stats = await client.send(new GetMetricStatisticsCommand({ Namespace: 'E2E', MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], StartTime: start, EndTime: new Date(now + 120_000), Period: 300, Statistics: ['Sum', 'SampleCount', 'Maximum'] }));
      assert.deepEqual(stats.Datapoints?.map((d) => [d.Sum, d.SampleCount, d.Maximum, d.Unit]), [[100, 5, 30, 'Milliseconds']]);
      assert.ok(stats.Datapoints![0].Timestamp instanceof Date);
      const data = await client.send(new GetMetricDataCommand({
        StartTime: start, EndTime: new Date(now + 120_000),
        MetricDataQueries: [
          { Id: 'm1', MetricStat: { Metric: { Namespace: 'E2E', MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }] }, Period: 300, Stat: 'Average' } },
          { Id: 'e1', Expression: 'm1 * 2', Label: 'Doubled' },
        ],
      }));
      assert.deepEqual(data.MetricDataResults?.map((r) => [r.Id, r.Label, r.Values, r.StatusCode]), [['m1', 'Latency', [20], 'Complete'], ['e1', 'Doubled', [40], 'Complete']]);
      const listed = await client.send(new ListMetricsCommand({ Namespace: 'E2E' }));
      assert.deepEqual(listed.Metrics, [{ Namespace: 'E2E', MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }] }]);
    }
  });

  it('keeps each region\'s metrics apart and answers percentiles from Values', async () => {
    const now = Date.now();
    const [start, end] = [new Date(Math.floor(now / 60_000) * 60_000 - 60_000), new Date(now + 120_000)];
    const ireland = new CloudWatchClient({ endpoint: berth.endpoint, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const metric = { Namespace: 'E2E', MetricName: 'Regional' };
    await json.send(new PutMetricDataCommand({ Namespace: 'E2E', MetricData: [{ MetricName: 'Regional', Values: [1, 2, 3, 100], Counts: [10, 60, 29, 1] }] }));
    await ireland.send(new PutMetricDataCommand({ Namespace: 'E2E', MetricData: [{ MetricName: 'Regional', Value: 7 }] }));
    const percentiles = async (client: CloudWatchClient) => (await client.send(new GetMetricStatisticsCommand({ ...metric, StartTime: start, EndTime: end, Period: 300, ExtendedStatistics: ['p50', 'p99', 'p100'] })))
      .Datapoints?.map((d) => d.ExtendedStatistics);
    assert.deepEqual(await percentiles(cbor), [{ p50: 2, p99: 3, p100: 100 }]);
    assert.deepEqual(await percentiles(ireland), [{ p50: 7, p99: 7, p100: 7 }]);
    assert.deepEqual((await ireland.send(new ListMetricsCommand({ Namespace: 'E2E' }))).Metrics, [{ ...metric, Dimensions: [] }], 'us-east-1\'s series are not listed in eu-west-1');
    const data = await json.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: [{ Id: 'p', MetricStat: { Metric: metric, Period: 300, Stat: 'PR(:2)' } }] }));
    assert.deepEqual(data.MetricDataResults?.[0].Values, [70]);
    const refused = await json.send(new GetMetricStatisticsCommand({ ...metric, StartTime: start, EndTime: end, Period: 300, ExtendedStatistics: ['p99.999'] })).catch((e) => e);
    assert.ok(refused instanceof InvalidParameterValueException, String(refused));
    assert.equal(refused.message, 'The value p99.999 for parameter ExtendedStatistics.member.1 is invalid.');
    const eleven = await json.send(new GetMetricStatisticsCommand({ ...metric, StartTime: start, EndTime: end, Period: 300, ExtendedStatistics: Array.from({ length: 11 }, (_, i) => `p${i + 1}`) })).catch((e) => e);
    assert.deepEqual([eleven.$metadata?.httpStatusCode, eleven.message], [400, `1 validation error detected: Value ${JSON.stringify(Array.from({ length: 11 }, (_, i) => `p${i + 1}`))} at 'ExtendedStatistics' failed to satisfy constraint: Member must have length less than or equal to 10`]);
  });

  it('reads the gzip bodies the SDK sends for large PutMetricData requests', async () => {
    const encodings: string[] = [];
    const client = new CloudWatchClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    client.middlewareStack.add((next) => async (args) => {
      encodings.push(String((args.request as { headers: Record<string, string> }).headers['content-encoding']));
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordEncoding' });
    const data = Array.from({ length: 500 }, (_, i) => ({ MetricName: 'Bulk', Dimensions: [{ Name: 'Shard', Value: `shard-${i}` }], Value: i }));
    await client.send(new PutMetricDataCommand({ Namespace: 'E2E', MetricData: data }));
    assert.deepEqual(encodings, ['gzip']);
    const listed = await json.send(new ListMetricsCommand({ Namespace: 'E2E', MetricName: 'Bulk' }));
    assert.equal(listed.Metrics?.length, 500);
  });

  it('answers errors with the SDK\'s exception classes in both protocols', async () => {
    for (const client of [json, cbor]) {
      const reserved = await client.send(new PutMetricDataCommand({ Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'x', Value: 1 }] })).catch((e) => e);
      assert.ok(reserved instanceof InvalidParameterValueException, String(reserved));
      assert.equal(reserved.message, 'The value AWS/EC2 for parameter Namespace is invalid.');
      const missing = await client.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'r' })).catch((e) => e);
      assert.ok(missing instanceof ResourceNotFound, String(missing));
      assert.equal(missing.$metadata.httpStatusCode, 404);
    }
  });

  it('evaluates an alarm on compressed time, performs no action it has no performer for, and tells why in its history', async () => {
    await json.send(new PutMetricAlarmCommand({
      AlarmName: 'e2e-hot', MetricName: 'Temperature', Namespace: 'E2E', Statistic: 'Maximum', Period: 2, EvaluationPeriods: 1,
      Threshold: 50, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:ops`], Tags: [{ Key: 'team', Value: 'e2e' }],
    }));
    const hot = await eventually(async () => {
      await cbor.send(new PutMetricDataCommand({ Namespace: 'E2E', MetricData: [{ MetricName: 'Temperature', Value: 90, StorageResolution: 1 }] }));
      const [a] = (await json.send(new DescribeAlarmsCommand({ AlarmNames: ['e2e-hot'] }))).MetricAlarms ?? [];
      return a?.StateValue === 'ALARM' && a;
    }, 'the alarm to go to ALARM', 20_000, 500);
    assert.match(hot.StateReason!, /^Threshold Crossed: 1 datapoint \[90\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(50\.0\)\.$/);
    const history = (await cbor.send(new DescribeAlarmHistoryCommand({ AlarmName: 'e2e-hot' }))).AlarmHistoryItems ?? [];
    assert.deepEqual(history.map((h) => h.HistoryItemType).sort(), ['Action', 'ConfigurationUpdate', 'StateUpdate']);
    assert.match(history.find((h) => h.HistoryItemType === 'Action')!.HistorySummary!, /^Failed to execute action arn:aws:sns:us-east-1:123456789012:ops\. Received error: "Berth has no service that performs actions of sns\."$/);
    const tags = await json.send(new ListTagsForResourceCommand({ ResourceARN: hot.AlarmArn }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'e2e' }]);
  });

  // botocore 1.43 prefers JSON 1.0 among CloudWatch's protocols; a model naming only rpc-v2-cbor (AWS_DATA_PATH) makes it speak CBOR.
  for (const protocol of ['json', 'rpc-v2-cbor'] as const) {
    it(`works with the aws CLI speaking ${protocol}`, async () => {
      const env = protocol === 'json' ? berth.cliEnv() : { ...berth.cliEnv(), AWS_DATA_PATH: cborModel };
      const cli = async (...args: string[]) => JSON.parse((await run('aws', ['--endpoint-url', berth.endpoint, '--output', 'json', 'cloudwatch', ...args], { env })).stdout || '{}');
      const { stderr } = await run('aws', ['--endpoint-url', berth.endpoint, '--debug', 'cloudwatch', 'list-metrics', '--namespace', 'CLI'], { env });
      assert.match(stderr, protocol === 'json' ? /'X-Amz-Target': 'GraniteServiceVersion20100801\.ListMetrics'/ : /'smithy-protocol': 'rpc-v2-cbor'/);
      const namespace = `CLI-${protocol}`;
      await cli('put-metric-data', '--namespace', namespace, '--metric-name', 'Jobs', '--value', '5', '--unit', 'Count');
      await cli('put-metric-data', '--namespace', namespace, '--metric-name', 'Jobs', '--statistic-values', 'SampleCount=2,Sum=9,Minimum=4,Maximum=5', '--unit', 'Count');
      const [start, end] = [new Date(Date.now() - 600_000).toISOString(), new Date(Date.now() + 60_000).toISOString()];
      const stats = await cli('get-metric-statistics', '--namespace', namespace, '--metric-name', 'Jobs', '--start-time', start, '--end-time', end, '--period', '3600', '--statistics', 'Sum', 'SampleCount');
      assert.deepEqual(stats.Datapoints.map((d: { Sum: number; SampleCount: number; Unit: string }) => [d.Sum, d.SampleCount, d.Unit]), [[14, 3, 'Count']]);
      assert.equal(stats.Label, 'Jobs');
      const name = `cli-jobs-${protocol}`;
      // A metric without data, its missing data ignored: evaluations keep the state set-alarm-state gives it.
      await cli('put-metric-alarm', '--alarm-name', name, '--metric-name', 'Idle', '--namespace', namespace, '--statistic', 'Sum', '--period', '60',
        '--evaluation-periods', '3', '--datapoints-to-alarm', '2', '--threshold', '100', '--comparison-operator', 'GreaterThanThreshold', '--treat-missing-data', 'ignore');
      await cli('set-alarm-state', '--alarm-name', name, '--state-value', 'ALARM', '--state-reason', 'testing purposes');
      const [alarm] = (await cli('describe-alarms', '--alarm-names', name)).MetricAlarms;
      assert.deepEqual([alarm.StateValue, alarm.StateReason, alarm.DatapointsToAlarm, alarm.TreatMissingData, alarm.Threshold], ['ALARM', 'testing purposes', 2, 'ignore', 100]);
      assert.equal(typeof alarm.StateUpdatedTimestamp, 'number', 'the CLI prints the epoch seconds it received');
      const err = await run('aws', ['--endpoint-url', berth.endpoint, 'cloudwatch', 'put-metric-alarm', '--alarm-name', 'bad', '--metric-name', 'm', '--namespace', namespace,
        '--statistic', 'Sum', '--period', '60', '--evaluation-periods', '1', '--datapoints-to-alarm', '2', '--threshold', '1', '--comparison-operator', 'GreaterThanThreshold'], { env }).catch((e) => e);
      assert.match(err.stderr, /An error occurred \(ValidationError\) when calling the PutMetricAlarm operation: DatapointsToAlarm must be less than or equal to EvaluationPeriods/);
    });
  }

  describe('the JSON 1.0 and awsQuery forms, signed by hand', () => {
    const model = loadModel('cloudwatch');
    const served = (family: 'json' | 'query'): ServedModel => ({ id: 'cloudwatch', model, signingName: 'monitoring', family, operations: Object.keys(model.operations) });
    const call = async (family: 'json' | 'query', operation: string, input: unknown) => {
      const url = new URL(berth.endpoint);
      const signed = await sign(url, operationWire(served(family), operation, input), { credentials: TEST_CREDENTIALS, region: REGION, service: 'monitoring' });
      return send(url, signed);
    };

    it('answers awsQuery in XML, errors with the awsQuery code', async () => {
      const put = await call('query', 'PutMetricData', { Namespace: 'Query', MetricData: [{ MetricName: 'Hits', Value: 3, Dimensions: [{ Name: 'Page', Value: 'home' }] }] });
      assert.equal(put.status, 200, put.body);
      assert.match(put.body, /^<PutMetricDataResponse xmlns="http:\/\/monitoring\.amazonaws\.com\/doc\/2010-08-01\/"><ResponseMetadata><RequestId>/);
      const listed = await call('query', 'ListMetrics', { Namespace: 'Query' });
      assert.match(listed.body, /<Metrics><member><Namespace>Query<\/Namespace><MetricName>Hits<\/MetricName><Dimensions><member><Name>Page<\/Name><Value>home<\/Value><\/member><\/Dimensions><\/member><\/Metrics>/);
      const bad = await call('query', 'GetMetricStatistics', { Namespace: 'Query', MetricName: 'Hits', StartTime: new Date(), EndTime: new Date(), Period: 60, Statistics: ['Sum'] });
      assert.deepEqual([bad.status, awsError(bad)], [400, { code: 'InvalidParameterValue', message: 'The parameter StartTime must be less than the parameter EndTime.' }]);
    });

    it('answers JSON 1.0 with the awsQuery code beside the error shape', async () => {
      const listed = await call('json', 'ListMetrics', { Namespace: 'Query' });
      assert.equal(JSON.parse(listed.body).Metrics[0].MetricName, 'Hits');
      const bad = await call('json', 'SetAlarmState', { AlarmName: 'nope', StateValue: 'OK', StateReason: 'r' });
      assert.deepEqual([bad.status, bad.headers['x-amzn-query-error'], JSON.parse(bad.body).__type], [404, 'ResourceNotFound;Sender', 'ResourceNotFound']);
      const invalid = await call('json', 'PutMetricAlarm', { AlarmName: 'x', StateValue: 'OK' });
      assert.deepEqual([invalid.status, invalid.headers['x-amzn-query-error']], [400, 'ValidationError;Sender']);
    });

    it('answers an unsigned rpc-v2-cbor request in CBOR, found by its path', async () => {
      const res = await fetch(`${berth.endpoint}/service/GraniteServiceVersion20100801/operation/ListMetrics`, {
        method: 'POST', headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' }, body: new Uint8Array(encodeCbor({})),
      });
      assert.equal(res.headers.get('smithy-protocol'), 'rpc-v2-cbor');
      const body = decodeCbor(Buffer.from(await res.arrayBuffer())) as Record<string, unknown>;
      assert.deepEqual([res.status, body.__type], [400, 'MissingAuthenticationTokenException']);
    });
  });
});
