/**
 * HAProxy's per-server counters → CloudWatch datapoints for the metrics store. HAProxy
 * counts from the start of each worker; CloudWatch wants what happened in each period.
 * `CounterDeltas` turns one reading after another into increments, and `GroupTally` sums
 * a target group's targets into the series ELB publishes per TargetGroup and LoadBalancer,
 * in the load balancer's account and region.
 */
import { Datum, StatisticSet, StorageResolution } from '../../metrics/store.js';
import { parseArn } from '../../platform/aws/arn.js';
import { TargetState } from '../../services/elbv2/domain/docs.js';
import { ServerStat } from './stats.js';

/** What one server served since the previous reading. */
export interface Served {
  requests: number;
  /** 2xx, 3xx, 4xx, 5xx responses. */
  http: [number, number, number, number];
  /** HAProxy's rtime: the average over its last 1024 requests, in ms. */
  responseTimeMs: number;
}

/**
 * Per-server baselines for one HAProxy generation. `epoch` names the generation (the
 * manager's counterEpoch): a reload or restart starts new workers whose counters begin
 * at zero, so the baselines of the old one are dropped rather than subtracted.
 */
export class CounterDeltas {
  private epoch?: number;
  private last = new Map<string, ServerStat>();
  private next = new Map<string, ServerStat>();

  begin(epoch: number): void {
    if (epoch !== this.epoch) this.last.clear();
    this.epoch = epoch;
    this.next = new Map();
  }

  take(serverId: string, stat: ServerStat): Served {
    const old = this.last.get(serverId);
    this.next.set(serverId, stat);
    // Lower than before: the server was deleted and added again (a dynamic server counts from zero).
    const delta = (now: number, before: number | undefined) => (before === undefined || now < before ? now : now - before);
    return {
      requests: delta(stat.totalSessions, old?.totalSessions),
      http: stat.http.map((n, i) => delta(n, old?.http[i])) as Served['http'],
      responseTimeMs: stat.responseTimeMs,
    };
  }

  /** Servers not read this time are forgotten: when one comes back it is a new server, counting from zero. */
  end(): void {
    this.last = this.next;
  }
}

/** ELB's per-request counts: one sample of 1 per request, so Sum is the count and Minimum, Maximum and Average are 1, as AWS documents. */
const perRequest = (n: number): StatisticSet => ({ sum: n, sampleCount: n, minimum: 1, maximum: 1 });

const HTTP_METRICS = ['HTTPCode_Target_2XX_Count', 'HTTPCode_Target_3XX_Count', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count'];

/** One target group's reading: its targets' health and what they served. */
export class GroupTally {
  healthy = 0;
  unhealthy = 0;
  private requests = 0;
  private readonly http = [0, 0, 0, 0];
  private responseTime?: StatisticSet;

  constructor(readonly targetGroupArn: string, readonly loadBalancerArns: string[]) {}

  countHealth(state: TargetState): void {
    if (state === 'healthy') this.healthy++;
    if (state === 'unhealthy') this.unhealthy++;
  }

  add(served: Served): void {
    if (served.requests === 0) return;
    this.requests += served.requests;
    served.http.forEach((n, i) => (this.http[i] += n));
    // Each request of the period is taken at the server's running average: HAProxy keeps no per-request times.
    const seconds = served.responseTimeMs / 1000;
    const set = { sum: seconds * served.requests, sampleCount: served.requests, minimum: seconds, maximum: seconds };
    const r = this.responseTime;
    this.responseTime = r ? { sum: r.sum + set.sum, sampleCount: r.sampleCount + set.sampleCount, minimum: Math.min(r.minimum, seconds), maximum: Math.max(r.maximum, seconds) } : set;
  }

  /** RequestCountPerTarget (ALB): the requests over the healthy targets (all targets when none is healthy), a Sum as ELB reports it. */
  private perTarget(): StatisticSet {
    const value = this.requests / Math.max(1, this.healthy || this.healthy + this.unhealthy);
    return { sum: value, sampleCount: 1, minimum: value, maximum: value };
  }

  /**
   * The datapoints for each load balancer using the group (ELBv2 allows one), at standard
   * resolution unless told otherwise (1 s when CloudWatch's minute is shortened, so that
   * target tracking sees them in compressed time). Request metrics only when requests were
   * served, as ELB reports them; host counts on every reading. Network load balancers count
   * connections, not requests: only their host counts are published.
   */
  datapoints(timestamp: Date, storageResolution: StorageResolution = 60): Datum[] {
    const out: Datum[] = [];
    for (const lb of this.loadBalancerArns) {
      const arn = parseArn(lb);
      if (!arn) continue;
      const app = lbDimension(lb).startsWith('app/');
      const series = (metricName: string) => ({
        accountId: arn.accountId,
        region: arn.region,
        storageResolution,
        namespace: app ? 'AWS/ApplicationELB' : 'AWS/NetworkELB',
        metricName,
        dimensions: [{ name: 'LoadBalancer', value: lbDimension(lb) }, { name: 'TargetGroup', value: tgDimension(this.targetGroupArn) }],
        timestamp,
      });
      out.push({ ...series('HealthyHostCount'), value: this.healthy, unit: 'Count' }, { ...series('UnHealthyHostCount'), value: this.unhealthy, unit: 'Count' });
      if (!app || this.requests === 0) continue;
      out.push({ ...series('RequestCount'), statistics: perRequest(this.requests), unit: 'Count' });
      HTTP_METRICS.forEach((name, i) => this.http[i] > 0 && out.push({ ...series(name), statistics: perRequest(this.http[i]), unit: 'Count' }));
      if (this.responseTime) out.push({ ...series('TargetResponseTime'), statistics: this.responseTime, unit: 'Seconds' });
      out.push({ ...series('RequestCountPerTarget'), statistics: this.perTarget(), unit: 'None' });
    }
    return out;
  }
}

/** ELB's LoadBalancer dimension: the ARN's resource after `loadbalancer/` (app/<name>/<id>). */
export const lbDimension = (arn: string) => arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);

/** ELB's TargetGroup dimension: the ARN's resource (targetgroup/<name>/<id>). */
export const tgDimension = (arn: string) => arn.split(':').slice(5).join(':');
