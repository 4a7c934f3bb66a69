/** Finding ELBv2 records by ARN, and the relations between them (which load balancers use a target group). */
import { clientError } from '../../../protocol/errors.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { Action, ListenerDoc, LoadBalancerDoc, RuleDoc, TargetGroupDoc } from './docs.js';
import { arnPrefix, KIND, loadBalancerOf, Scope } from './names.js';

export const scopeOf = (ctx: RequestContext): Scope => ({ region: ctx.region, accountId: ctx.accountId });

export function requireLoadBalancer(tx: ReadTx, arn: string): LoadBalancerDoc {
  const rec = tx.get<LoadBalancerDoc>(KIND.loadBalancer, arn);
  if (!rec) throw clientError('LoadBalancerNotFound', 'One or more load balancers not found');
  return rec.doc;
}

export function requireTargetGroup(tx: ReadTx, arn: string): TargetGroupDoc {
  const rec = tx.get<TargetGroupDoc>(KIND.targetGroup, arn);
  if (!rec) throw clientError('TargetGroupNotFound', 'One or more target groups not found');
  return rec.doc;
}

export function requireListener(tx: ReadTx, arn: string): ListenerDoc {
  const rec = tx.get<ListenerDoc>(KIND.listener, arn);
  if (!rec) throw clientError('ListenerNotFound', 'One or more listeners not found');
  return rec.doc;
}

export function loadBalancers(tx: ReadTx, scope: Scope): LoadBalancerDoc[] {
  return tx.list<LoadBalancerDoc>(KIND.loadBalancer, { prefix: `${arnPrefix(scope)}loadbalancer/` }).map((r) => r.doc);
}

export function targetGroups(tx: ReadTx, scope: Scope): TargetGroupDoc[] {
  return tx.list<TargetGroupDoc>(KIND.targetGroup, { prefix: `${arnPrefix(scope)}targetgroup/` }).map((r) => r.doc);
}

/** A load balancer's listeners: their ARNs extend the load balancer's path. */
export function listenersOf(tx: ReadTx, lbArn: string): ListenerDoc[] {
  return tx.list<ListenerDoc>(KIND.listener, { prefix: `${lbArn.replace(':loadbalancer/', ':listener/')}/` }).map((r) => r.doc);
}

export function rulesOf(tx: ReadTx, listenerArn: string): RuleDoc[] {
  return tx.list<RuleDoc>(KIND.rule, { prefix: `${listenerArn.replace(':listener/', ':listener-rule/')}/` }).map((r) => r.doc);
}

/** Every target group an action list forwards to. */
export function forwardedGroups(actions: Action[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (a.Type !== 'forward') continue;
    if (a.TargetGroupArn) out.push(a.TargetGroupArn);
    for (const t of a.ForwardConfig?.TargetGroups ?? []) out.push(t.TargetGroupArn);
  }
  return [...new Set(out)];
}

/** The load balancers whose listeners or rules forward to the target group (its LoadBalancerArns). */
export function loadBalancersUsing(tx: ReadTx, tgArn: string): string[] {
  const scopeHead = tgArn.split(':').slice(0, 5).join(':') + ':';
  const out = new Set<string>();
  for (const l of tx.list<ListenerDoc>(KIND.listener, { prefix: `${scopeHead}listener/` }).map((r) => r.doc)) {
    if (forwardedGroups(l.DefaultActions).includes(tgArn)) out.add(l.LoadBalancerArn);
  }
  for (const r of tx.list<RuleDoc>(KIND.rule, { prefix: `${scopeHead}listener-rule/` }).map((x) => x.doc)) {
    if (forwardedGroups(r.Actions).includes(tgArn)) out.add(loadBalancerOf(r.ListenerArn));
  }
  return [...out];
}
