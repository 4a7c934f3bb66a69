/** CreateListener (idempotent, as in AWS), DescribeListeners, ModifyListener, DeleteListener. Every listener binds its port on the host. */
import { clientError } from '../../../protocol/errors.js';
import { CreateListenerOutput, DescribeListenersInput, Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { normalizeActions } from '../domain/actions.js';
import { Elbv2Deps } from './context.js';
import { ListenerDoc, LoadBalancerDoc, Protocol, wireView } from '../domain/docs.js';
import { decimalIn, shown } from '../domain/formats.js';
import { listenerAttributeDefaults } from '../domain/listener-attributes.js';
import { listenersOf, loadBalancers, requireListener, requireLoadBalancer, rulesOf, scopeOf } from '../domain/lookups.js';
import { KIND, listenerArn, ruleArn, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { validateTags } from './tags.js';
import { allowedProtocols, syncCertificateUsage, TlsFields, tlsFields, withTls } from './listener-tls.js';
import { CertificateStore } from '../../acm/domain/ports.js';

/** The protocol asked for (each type's own by default), if this load balancer may have it here. */
function checkProtocol(lb: LoadBalancerDoc, protocol: Protocol | undefined, certificates: CertificateStore | undefined): Protocol {
  const p = protocol ?? (lb.Type === 'network' ? 'TCP' : 'HTTP');
  if (allowedProtocols(lb, certificates).includes(p)) return p;
  if (p === 'HTTPS' || p === 'TLS') throw clientError('UnsupportedProtocol', `Berth does not support ${p} listeners ${p === 'HTTPS' ? 'without its ACM module' : 'yet'}`);
  throw clientError('UnsupportedProtocol', `Protocol '${p}' is not supported for load balancers of type '${lb.Type}'`);
}

/** The model's 1–65535, checked again for callers that do not come through the wire protocol. */
function checkedPort(port: number): number {
  const checked = decimalIn(port, 1, 65535);
  if (checked === undefined) throw clientError('ValidationError', `Listener port '${shown(String(port))}' must be between 1 and 65535`);
  return checked;
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
function sameListener(l: ListenerDoc, protocol: Protocol, actions: ListenerDoc['DefaultActions'], tls: TlsFields): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return l.Protocol === protocol && same(l.DefaultActions, actions) && same(l.Certificates, tls.Certificates) && l.SslPolicy === tls.SslPolicy;
}

function checkPort(tx: ReadTx, scope: Scope, lb: LoadBalancerDoc, port: number, self?: string): void {
  const holder = holderOfPort(tx, scope, port);
  if (!holder || holder.ListenerArn === self) return;
  if (holder.LoadBalancerArn === lb.LoadBalancerArn) throw clientError('DuplicateListener', 'A listener already exists on this port for this load balancer');
  throw clientError('DuplicateListener', `Port ${port} is already used by load balancer '${holder.LoadBalancerArn}'; Berth binds every listener on the host, so ports are unique across load balancers`);
}

export function makeListenerOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store } = deps;

  /** A port no listener of ours holds must be free on the host, or the data plane could not bind it. */
  async function checkHostPort(scope: Scope, port: number): Promise<void> {
    if (holderOfPort(store, scope, port)) return;
    if (!(await deps.portAvailable(port))) throw clientError('InvalidConfigurationRequest', `Port ${port} is in use by another process on the Berth host`);
  }

  /** Writes the listener and tells ACM what its load balancer's listeners use now. */
  function put(tx: Tx, doc: ListenerDoc): CreateListenerOutput {
    tx.put(KIND.listener, doc.ListenerArn, doc);
    syncCertificateUsage(tx, deps.certificates, doc.LoadBalancerArn);
    return { Listeners: [wireView(doc)] };
  }

  function listenersAsked(input: DescribeListenersInput): ListenerDoc[] {
    if (input.ListenerArns) return input.ListenerArns.map((a) => requireListener(store, a));
    if (input.LoadBalancerArn) return listenersOf(store, requireLoadBalancer(store, input.LoadBalancerArn).LoadBalancerArn);
    throw clientError('ValidationError', 'You must specify either listener ARNs or a load balancer ARN');
  }

  return {
    async CreateListener(input, ctx) {
      const scope = scopeOf(ctx);
      // The model leaves Port optional (a Gateway Load Balancer's listener has none); Berth's listeners all need one.
      if (input.Port === undefined) throw clientError('ValidationError', 'A listener port must be specified');
      const port = checkedPort(input.Port);
      await checkHostPort(scope, port);
      const tags = validateTags(input.Tags);
      return store.transact((tx) => {
        const lb = requireLoadBalancer(tx, input.LoadBalancerArn);
        const protocol = checkProtocol(lb, input.Protocol, deps.certificates);
        const tls = tlsFields(deps.certificates, scope, ctx.now, protocol, input);
        const actions = normalizeActions(tx, lb.LoadBalancerArn, lb.Type, input.DefaultActions);
        const existing = listenersOf(tx, lb.LoadBalancerArn).find((l) => l.Port === port);
        if (existing && sameListener(existing, protocol, actions, tls)) return { Listeners: [wireView(existing)] };
        checkPort(tx, scope, lb, port);
        if (listenersOf(tx, lb.LoadBalancerArn).length >= 50) throw clientError('TooManyListeners', 'You have reached the limit on the number of listeners per load balancer');
        const arn = listenerArn(lb.LoadBalancerArn);
        const doc: ListenerDoc = {
          ListenerArn: arn,
          LoadBalancerArn: lb.LoadBalancerArn,
          Port: port,
          Protocol: protocol,
          ...tls,
          DefaultActions: actions,
          defaultRuleArn: ruleArn(arn),
          attributes: listenerAttributeDefaults(protocol),
          tags,
        };
        return put(tx, doc);
      });
    },

    DescribeListeners(input) {
      const p = page(listenersAsked(input), (l) => l.ListenerArn, input.Marker, input.PageSize);
      return { Listeners: p.items.map(wireView), NextMarker: p.NextMarker };
    },

    async ModifyListener(input, ctx) {
      const scope = scopeOf(ctx);
      const port = input.Port === undefined ? undefined : checkedPort(input.Port);
      if (port !== undefined) await checkHostPort(scope, port);
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        const lb = requireLoadBalancer(tx, l.LoadBalancerArn);
        const doc: ListenerDoc = { ...l };
        if (port !== undefined) {
          checkPort(tx, scope, lb, port, l.ListenerArn);
          doc.Port = port;
        }
        if (input.Protocol !== undefined) doc.Protocol = checkProtocol(lb, input.Protocol, deps.certificates);
        const modified = withTls(doc, tlsFields(deps.certificates, scope, ctx.now, doc.Protocol, input, l));
        if (input.DefaultActions !== undefined) modified.DefaultActions = normalizeActions(tx, lb.LoadBalancerArn, lb.Type, input.DefaultActions);
        return put(tx, modified);
      });
    },

    DeleteListener(input) {
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        for (const r of rulesOf(tx, l.ListenerArn)) tx.delete(KIND.rule, r.RuleArn);
        tx.delete(KIND.listener, l.ListenerArn);
        syncCertificateUsage(tx, deps.certificates, l.LoadBalancerArn);
        return {};
      });
    },
  };
}
