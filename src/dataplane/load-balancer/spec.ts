/**
 * What the data plane serves, built from the ELBv2 records in the store: listeners with
 * their rules in evaluation order, target groups that some listener or rule uses, and
 * their targets resolved to host addresses. A pure function of the records.
 */
import { createHash } from 'node:crypto';
import { ReadTx } from '../../state/store.js';
import { Action, ListenerDoc, LoadBalancerDoc, RuleCondition, RuleDoc, TargetDoc, TargetGroupDoc } from '../../services/elbv2/domain/docs.js';
import { KIND, targetKey } from '../../services/elbv2/domain/names.js';
import { decimalIn } from '../../services/elbv2/domain/formats.js';
import { forwardedGroups } from '../../services/elbv2/domain/lookups.js';
import { attributesOf, RESPONSE_HEADER_NAMES } from '../../services/elbv2/domain/listener-attributes.js';
import { certificateArnsOf } from '../../services/elbv2/domain/certificates.js';
import { listHosts } from '../../services/ecs/domain/hosts.js';

export interface RuleSpec { id: string; conditions: RuleCondition[]; action: Action }

export interface ListenerSpec {
  id: string;
  port: number;
  protocol: string;
  idleTimeoutSeconds: number;
  rules: RuleSpec[];
  defaultAction: Action;
  /** Headers added to every response (ALB header modification); none when absent. */
  responseHeaders?: { name: string; value: string }[];
  /** Whether responses the load balancer generates carry its `Server: awselb/2.0` (AWS default: yes). */
  serverHeader?: boolean;
  /** HTTPS: the certificates (default first, then the SNI ones), where they are (the listener's account and Region), and the security policy. */
  tls?: { certificateArns: string[]; scope: { region: string; accountId: string }; sslPolicy?: string };
}

export interface TargetSpec { key: string; id: string; addr: string; port: number; draining: boolean }

export interface GroupSpec { id: string; arn: string; group: TargetGroupDoc; idleTimeoutSeconds: number; targets: TargetSpec[] }

export interface DataPlaneSpec { listeners: ListenerSpec[]; groups: GroupSpec[] }

/**
 * The id part of an ARN, used in HAProxy names (frontend, backend, rule variable, cookie).
 * Berth's ids are hex; anything that is not a plain token (a record not written by the API)
 * is replaced by a digest of the ARN, so it cannot reach the configuration raw.
 */
export function idOf(arn: string): string {
  const id = arn.split('/').pop()!;
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : createHash('sha256').update(arn).digest('hex').slice(0, 16);
}

/** The action that ends a rule's action list (forward, redirect or fixed-response). */
export function terminalAction(actions: Action[]): Action {
  return [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0)).find((a) => ['forward', 'redirect', 'fixed-response'].includes(a.Type))!;
}

function tlsOf(l: ListenerDoc): ListenerSpec['tls'] {
  const [, , , region, accountId] = l.ListenerArn.split(':');
  return { certificateArns: certificateArnsOf(l), scope: { region, accountId }, sslPolicy: l.SslPolicy };
}

export function buildSpec(tx: ReadTx, publishIp: string): DataPlaneSpec {
  const lbs = new Map(tx.list<LoadBalancerDoc>(KIND.loadBalancer).map((r) => [r.doc.LoadBalancerArn, r.doc]));
  const rulesByListener = new Map<string, RuleDoc[]>();
  for (const r of tx.list<RuleDoc>(KIND.rule)) {
    rulesByListener.set(r.doc.ListenerArn, [...(rulesByListener.get(r.doc.ListenerArn) ?? []), r.doc]);
  }
  const listeners: ListenerSpec[] = [];
  const idleByGroup = new Map<string, number>();
  for (const { doc: l } of tx.list<ListenerDoc>(KIND.listener)) {
    const lb = lbs.get(l.LoadBalancerArn);
    if (!lb) continue;
    const attributes = attributesOf(l);
    // An NLB's TCP listener has its own idle timeout (AWS default 350 s); an ALB's is the load balancer's.
    const idle = l.Protocol === 'TCP'
      ? decimalIn(attributes['tcp.idle_timeout.seconds'], 60, 6000) ?? 350
      : decimalIn(lb.attributes['idle_timeout.timeout_seconds'], 1, 4000) ?? 60;
    const rules = (rulesByListener.get(l.ListenerArn) ?? []).sort((a, b) => a.Priority - b.Priority);
    for (const actions of [l.DefaultActions, ...rules.map((r) => r.Actions)]) {
      for (const tg of forwardedGroups(actions)) idleByGroup.set(tg, idle);
    }
    listeners.push({
      id: idOf(l.ListenerArn), port: l.Port, protocol: l.Protocol, idleTimeoutSeconds: idle,
      rules: rules.map((r) => ({ id: idOf(r.RuleArn), conditions: r.Conditions, action: terminalAction(r.Actions) })),
      defaultAction: terminalAction(l.DefaultActions),
      responseHeaders: Object.entries(RESPONSE_HEADER_NAMES).filter(([k]) => attributes[k]).map(([k, name]) => ({ name, value: attributes[k] })),
      serverHeader: attributes['routing.http.response.server.enabled'] !== 'false',
      ...(l.Protocol === 'HTTPS' ? { tls: tlsOf(l) } : {}),
    });
  }
  const groups: GroupSpec[] = [];
  // Instance targets of remote Docker hosts are reached at the host's address; others are local.
  const hostAddresses = new Map(listHosts(tx).map((h) => [h.ec2InstanceId, h.address]));
  for (const [arn, idle] of idleByGroup) {
    const group = tx.get<TargetGroupDoc>(KIND.targetGroup, arn)?.doc;
    if (!group) continue;
    const targets = tx.list<TargetDoc>(KIND.target, { prefix: `${arn}|` }).map(({ doc: t }) => ({
      key: targetKey(arn, t.id, t.port),
      id: t.id,
      addr: group.TargetType === 'instance' ? hostAddresses.get(t.id) ?? publishIp : t.id,
      port: t.port,
      draining: t.drainingSince !== undefined,
    }));
    groups.push({ id: idOf(arn), arn, group, idleTimeoutSeconds: idle, targets });
  }
  listeners.sort((a, b) => a.port - b.port);
  groups.sort((a, b) => a.id.localeCompare(b.id));
  return { listeners, groups };
}
