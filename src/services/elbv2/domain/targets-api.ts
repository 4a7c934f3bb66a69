/**
 * The stable, synchronous, store-based API other Berth modules (the ECS service
 * controller) use to put tasks behind target groups and to read their health. It writes
 * the same records RegisterTargets/DeregisterTargets write; the data plane converges
 * HAProxy with them and records observed health under KIND.targetHealth, so a
 * `store.watch` listener sees every state change.
 *
 * Instance targets (`i-…`) are Berth's container instances: every one resolves to the
 * ECS publish address (127.0.0.1 by default) plus the target's port.
 */
import { clientError } from '../../../protocol/errors.js';
import { ReadTx, Store, Tx } from '../../../state/store.js';
import { TargetDoc, TargetGroupDoc, TargetHealthDoc } from './docs.js';
import { decimalIn, shown } from './formats.js';
import { describeHealth } from './health.js';
import { loadBalancersUsing, requireTargetGroup } from './lookups.js';
import { KIND, targetKey, targetPrefix } from './names.js';

export interface TargetRef { id: string; port?: number }

export interface TargetHealthEntry { id: string; port: number; state: string; reason?: string; description?: string }

export interface TargetGroupInfo {
  targetType: 'instance' | 'ip';
  port?: number;
  protocol?: string;
  loadBalancerArns: string[];
  deregistrationDelaySeconds: number;
  /** Seconds a new target needs at least to pass the healthy threshold (interval × healthy threshold count). */
  healthCheckGracePeriodHint?: number;
}

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
// Targets must be reachable from the host: loopback, or private ranges (awsvpc task addresses are 10.213.x.x).
const PRIVATE_V4 = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/;

function checkTarget(tg: TargetGroupDoc, t: TargetRef): number {
  if (tg.TargetType === 'instance' && !INSTANCE_ID.test(t.id)) {
    throw clientError('InvalidTarget', `The following targets are not valid instance IDs: '${t.id}'`);
  }
  if (tg.TargetType === 'ip') {
    const ok = /^(\d{1,3}\.){3}\d{1,3}$/.test(t.id) && t.id.split('.').every((o) => Number(o) <= 255);
    if (!ok) throw clientError('InvalidTarget', `The IP address '${t.id}' is not a valid IPv4 address`);
    if (!PRIVATE_V4.test(t.id)) throw clientError('InvalidTarget', `The IP address '${t.id}' is not in a private or loopback range reachable from the Berth host`);
  }
  const port = t.port ?? tg.Port;
  if (port === undefined) throw clientError('ValidationError', `A port must be specified for target '${t.id}'`);
  if (decimalIn(port, 1, 65535) === undefined) throw clientError('ValidationError', `The port '${shown(String(port))}' of target '${t.id}' must be between 1 and 65535`);
  return port;
}

function inUse(tx: ReadTx, tg: TargetGroupDoc): boolean {
  return loadBalancersUsing(tx, tg.TargetGroupArn).length > 0;
}

function writeHealth(tx: Tx, tg: TargetGroupDoc, target: TargetDoc, now: Date): void {
  const key = targetKey(tg.TargetGroupArn, target.id, target.port);
  const observed = tx.get<TargetHealthDoc>(KIND.targetHealth, key)?.doc;
  const view = describeHealth(target, inUse(tx, tg), tg.HealthCheckEnabled, target.drainingSince ? undefined : observed);
  if (observed?.state === view.state && observed.reason === view.reason) return;
  tx.put<TargetHealthDoc>(KIND.targetHealth, key, { targetGroupArn: tg.TargetGroupArn, id: target.id, port: target.port, ...view, updatedAt: now.toISOString() });
}

/** Registers targets (idempotent; a draining target is registered again). Throws ServiceError on bad input. */
export function registerTargets(store: Store, targetGroupArn: string, targets: TargetRef[], now = new Date()): void {
  store.transact((tx) => {
    const tg = requireTargetGroup(tx, targetGroupArn);
    for (const t of targets) {
      const port = checkTarget(tg, t);
      const key = targetKey(tg.TargetGroupArn, t.id, port);
      const existing = tx.get<TargetDoc>(KIND.target, key)?.doc;
      if (existing && !existing.drainingSince) continue;
      const doc: TargetDoc = { targetGroupArn: tg.TargetGroupArn, id: t.id, port, registeredAt: now.toISOString() };
      tx.put(KIND.target, key, doc);
      writeHealth(tx, tg, doc, now);
    }
  });
}

/**
 * Starts draining targets for the group's deregistration delay; the data plane removes
 * them after it (or sooner when no requests remain). Targets of a group no load balancer
 * uses are removed at once. Unknown targets are ignored unless `strict` (the API's InvalidTarget).
 */
export function deregisterTargets(store: Store, targetGroupArn: string, targets: TargetRef[], now = new Date(), strict = false): void {
  store.transact((tx) => {
    const tg = requireTargetGroup(tx, targetGroupArn);
    const delayMs = Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? '300') * 1000;
    const used = inUse(tx, tg);
    for (const t of targets) {
      const key = targetKey(tg.TargetGroupArn, t.id, t.port ?? tg.Port ?? 0);
      const existing = tx.get<TargetDoc>(KIND.target, key)?.doc;
      if (!existing) {
        if (strict) throw clientError('InvalidTarget', `The following targets are not registered in target group '${tg.TargetGroupArn}': '${t.id}'`);
        continue;
      }
      if (existing.drainingSince) continue;
      if (!used || delayMs === 0) {
        removeTarget(tx, key);
        continue;
      }
      const doc: TargetDoc = { ...existing, drainingSince: now.toISOString(), drainUntil: new Date(now.getTime() + delayMs).toISOString() };
      tx.put(KIND.target, key, doc);
      writeHealth(tx, tg, doc, now);
    }
  });
}

/** Forgets a target entirely (end of draining). */
export function removeTarget(tx: Tx, key: string): void {
  tx.delete(KIND.target, key);
  tx.delete(KIND.targetHealth, key);
}

export function registeredTargets(tx: ReadTx, targetGroupArn: string): TargetDoc[] {
  return tx.list<TargetDoc>(KIND.target, { prefix: targetPrefix(targetGroupArn) }).map((r) => r.doc);
}

/** Every registered target's health as DescribeTargetHealth shows it. */
export function targetHealth(store: Store, targetGroupArn: string): TargetHealthEntry[] {
  const tg = store.get<TargetGroupDoc>(KIND.targetGroup, targetGroupArn)?.doc;
  if (!tg) return [];
  const used = inUse(store, tg);
  return registeredTargets(store, targetGroupArn).map((t) => {
    const observed = store.get<TargetHealthDoc>(KIND.targetHealth, targetKey(targetGroupArn, t.id, t.port))?.doc;
    return { id: t.id, port: t.port, ...describeHealth(t, used, tg.HealthCheckEnabled, observed) };
  });
}

export function targetGroupInfo(store: Store, arn: string): TargetGroupInfo | undefined {
  const tg = store.get<TargetGroupDoc>(KIND.targetGroup, arn)?.doc;
  if (!tg) return undefined;
  return {
    targetType: tg.TargetType,
    port: tg.Port,
    protocol: tg.Protocol,
    loadBalancerArns: loadBalancersUsing(store, arn),
    deregistrationDelaySeconds: Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? '300'),
    healthCheckGracePeriodHint: tg.HealthCheckEnabled ? tg.HealthCheckIntervalSeconds * tg.HealthyThresholdCount : undefined,
  };
}
