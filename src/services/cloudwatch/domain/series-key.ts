/**
 * CloudWatch's metric (namespace, name, dimensions) in an account and region (the caller's,
 * or an alarm's) as the metrics store's SeriesKey. The
 * store refuses repeated dimension names with a TypeError; the API refuses them first, as
 * AWS's InvalidParameterValue, so a caller can never make the store throw.
 */
import { SeriesKey } from '../../../metrics/store.js';
import { Scope } from '../../../platform/aws/scope.js';
import { Dimension } from '../../../protocol/generated/cloudwatch.js';
import { cwErrors } from './errors.js';

export interface MetricId {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
}

/** The metric's dimensions, checked; `path` names them in errors, as the awsQuery parameter (MetricData.member.1.Dimensions). */
export function checkedDimensions(metric: MetricId, path: string): SeriesKey['dimensions'] {
  const dimensions = (metric.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value }));
  const names = new Set<string>();
  for (const d of dimensions) {
    if (names.has(d.name)) throw cwErrors.invalidValue(`The collection ${path} must not contain duplicate dimension names: ${d.name}.`);
    names.add(d.name);
  }
  return dimensions;
}

export function seriesKey(scope: Scope, metric: MetricId, path: string): SeriesKey {
  const dimensions = checkedDimensions(metric, path);
  return { accountId: scope.accountId, region: scope.region, namespace: metric.Namespace ?? '', metricName: metric.MetricName ?? '', dimensions };
}

/** The store's key back as the wire's Metric, dimensions in the store's (name) order. */
export function wireMetric(key: SeriesKey): Required<MetricId> {
  return { Namespace: key.namespace, MetricName: key.metricName, Dimensions: key.dimensions.map((d) => ({ Name: d.name, Value: d.value })) };
}
