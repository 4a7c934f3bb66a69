/** CreateListener (idempotent, as in AWS), DescribeListeners, ModifyListener, DeleteListener. Every listener binds its port on the host. */
import { clientError } from '../../../protocol/errors.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { normalizeActions } from '../domain/actions.js';
import { Elbv2Deps } from './context.js';
import { ListenerDoc, LoadBalancerDoc, wireView } from '../domain/docs.js';
import { decimalIn, shown } from '../domain/formats.js';
import { listenerAttributeDefaults } from '../domain/listener-attributes.js';
import { listenersOf, loadBalancers, requireListener, requireLoadBalancer, rulesOf, scopeOf } from '../domain/lookups.js';
import { KIND, listenerArn, ruleArn, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { validateTags } from './tags.js';

function checkProtocol(lb: LoadBalancerDoc, protocol: string | undefined): string {
  const p = protocol ?? (lb.Type === 'network' ? 'TCP' : 'HTTP');
  const allowed = lb.Type === 'network' ? ['TCP'] : ['HTTP'];
  if (p === 'HTTPS' || p === 'TLS') throw clientError('UnsupportedProtocol', `Berth does not support ${p} listeners yet`);
  if (!allowed.includes(p)) throw clientError('UnsupportedProtocol', `Protocol '${p}' is not supported for load balancers of type '${lb.Type}'`);
  return p;
}

/** Certificates and SSL policies belong to HTTPS and TLS listeners, which Berth does not serve (checkProtocol refuses them). */
function checkNoTls(input: any, protocol: string): void {
  if (input.Certificates?.length) throw clientError('ValidationError', `A certificate cannot be specified for ${protocol} listeners`);
  if (input.SslPolicy !== undefined) throw clientError('ValidationError', `An SSL policy cannot be specified for ${protocol} listeners`);
}

/** The model's 1–65535, checked again for callers that do not come through the wire protocol. */
function checkPortRange(port: unknown): void {
  if (decimalIn(port, 1, 65535) === undefined) throw clientError('ValidationError', `Listener port '${shown(String(port))}' must be between 1 and 65535`);
}

/** The listener using a port anywhere in this Berth: all listeners share the host's address. */
function holderOfPort(tx: ReadTx, scope: Scope, port: number): ListenerDoc | undefined {
  for (const lb of loadBalancers(tx, scope)) {
    const l = listenersOf(tx, lb.LoadBalancerArn).find((x) => x.Port === port);
    if (l) return l;
  }
  return undefined;
}

/** AWS: creating a listener that exists with the same settings returns it (CreateListener is idempotent). */
function sameListener(l: ListenerDoc, protocol: string, actions: ListenerDoc['DefaultActions']): boolean {
  return l.Protocol === protocol && JSON.stringify(l.DefaultActions) === JSON.stringify(actions);
}

function checkPort(tx: ReadTx, scope: Scope, lb: LoadBalancerDoc, port: number, self?: string): void {
  const holder = holderOfPort(tx, scope, port);
  if (!holder || holder.ListenerArn === self) return;
  if (holder.LoadBalancerArn === lb.LoadBalancerArn) throw clientError('DuplicateListener', 'A listener already exists on this port for this load balancer');
  throw clientError('DuplicateListener', `Port ${port} is already used by load balancer '${holder.LoadBalancerArn}'; Berth binds every listener on the host, so ports are unique across load balancers`);
}

export function makeListenerOps(deps: Elbv2Deps) {
  const { store } = deps;

  /** A port no listener of ours holds must be free on the host, or the data plane could not bind it. */
  async function checkHostPort(scope: Scope, port: number): Promise<void> {
    if (holderOfPort(store, scope, port)) return;
    if (!(await deps.portAvailable(port))) throw clientError('InvalidConfigurationRequest', `Port ${port} is in use by another process on the Berth host`);
  }

  function put(tx: Tx, doc: ListenerDoc) {
    tx.put(KIND.listener, doc.ListenerArn, doc);
    return { Listeners: [wireView(doc)] };
  }

  return {
    async CreateListener(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      if (input.Port === undefined) throw clientError('ValidationError', 'A listener port must be specified');
      checkPortRange(input.Port);
      await checkHostPort(scope, input.Port);
      const tags = validateTags(input.Tags);
      return store.transact((tx) => {
        const lb = requireLoadBalancer(tx, input.LoadBalancerArn);
        const protocol = checkProtocol(lb, input.Protocol);
        checkNoTls(input, protocol);
        const actions = normalizeActions(tx, lb.LoadBalancerArn, lb.Type, input.DefaultActions);
        const existing = listenersOf(tx, lb.LoadBalancerArn).find((l) => l.Port === input.Port);
        if (existing && sameListener(existing, protocol, actions)) return { Listeners: [wireView(existing)] };
        checkPort(tx, scope, lb, input.Port);
        if (listenersOf(tx, lb.LoadBalancerArn).length >= 50) throw clientError('TooManyListeners', 'You have reached the limit on the number of listeners per load balancer');
        const arn = listenerArn(lb.LoadBalancerArn);
        const doc: ListenerDoc = {
          ListenerArn: arn,
          LoadBalancerArn: lb.LoadBalancerArn,
          Port: input.Port,
          Protocol: protocol,
          DefaultActions: actions,
          defaultRuleArn: ruleArn(arn),
          attributes: listenerAttributeDefaults(protocol),
          tags,
        };
        return put(tx, doc);
      });
    },

    DescribeListeners(input: any) {
      if (!input.LoadBalancerArn && !input.ListenerArns) throw clientError('ValidationError', 'You must specify either listener ARNs or a load balancer ARN');
      const listeners = input.ListenerArns
        ? input.ListenerArns.map((a: string) => requireListener(store, a))
        : listenersOf(store, requireLoadBalancer(store, input.LoadBalancerArn).LoadBalancerArn);
      const p = page<ListenerDoc>(listeners, (l) => l.ListenerArn, input.Marker, input.PageSize);
      return { Listeners: p.items.map(wireView), NextMarker: p.NextMarker };
    },

    async ModifyListener(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      if (input.Port !== undefined) {
        checkPortRange(input.Port);
        await checkHostPort(scope, input.Port);
      }
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        const lb = requireLoadBalancer(tx, l.LoadBalancerArn);
        const doc: ListenerDoc = { ...l };
        if (input.Port !== undefined) {
          checkPort(tx, scope, lb, input.Port, l.ListenerArn);
          doc.Port = input.Port;
        }
        if (input.Protocol !== undefined) doc.Protocol = checkProtocol(lb, input.Protocol);
        checkNoTls(input, doc.Protocol);
        if (input.DefaultActions !== undefined) doc.DefaultActions = normalizeActions(tx, lb.LoadBalancerArn, lb.Type, input.DefaultActions);
        return put(tx, doc);
      });
    },

    DeleteListener(input: any) {
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        for (const r of rulesOf(tx, l.ListenerArn)) tx.delete(KIND.rule, r.RuleArn);
        tx.delete(KIND.listener, l.ListenerArn);
        return {};
      });
    },
  };
}
