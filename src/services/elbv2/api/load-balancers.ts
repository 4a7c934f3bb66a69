/** CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer and the load balancer attribute operations. */
import { clientError } from '../../../protocol/errors.js';
import { CreateLoadBalancerInput, Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { ALB_ATTRIBUTES, applyAttributes, asList, NLB_ATTRIBUTES } from '../domain/attributes.js';
import { Elbv2Deps } from './context.js';
import { LoadBalancerDoc } from '../domain/docs.js';
import { checkIpAddressType, checkSecurityGroups, loadBalancerView, zones } from './load-balancer-network.js';
import { listenersOf, loadBalancers, requireLoadBalancer, rulesOf, scopeOf } from '../domain/lookups.js';
import { checkName, derivedId, KIND, loadBalancerArn, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { validateTags } from './tags.js';
import { syncCertificateUsage } from './listener-tls.js';

/** `<name>-<id>.<region>.elb.localhost`: *.localhost is loopback in curl and browsers (RFC 6761). */
function dnsName(scope: Scope, name: string, arn: string): string {
  const id = arn.split('/').pop()!.slice(0, 10);
  return `${name}-${id}.${scope.region}.elb.localhost`.toLowerCase();
}

function sameSettings(doc: LoadBalancerDoc, input: CreateLoadBalancerInput): boolean {
  return doc.Type === (input.Type ?? 'application') && doc.Scheme === (input.Scheme ?? 'internet-facing');
}

export function makeLoadBalancerOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store, clock } = deps;
  const view = (lb: LoadBalancerDoc) => loadBalancerView(lb, deps.lbBindIp);

  return {
    CreateLoadBalancer(input, ctx) {
      const scope = scopeOf(ctx);
      const name = input.Name;
      checkName('load balancer', name);
      const type = input.Type ?? 'application';
      if (type === 'gateway') throw clientError('ValidationError', 'Berth supports load balancers of type application and network');
      const azs = zones(scope, type, input.Scheme ?? 'internet-facing', input);
      checkSecurityGroups(input.SecurityGroups ?? []);
      checkIpAddressType(type, input.Scheme ?? 'internet-facing', input.IpAddressType ?? 'ipv4');
      const tags = validateTags(input.Tags);
      return store.transact((tx) => {
        const existing = loadBalancers(tx, scope).find((lb) => lb.LoadBalancerName === name);
        if (existing) {
          if (sameSettings(existing, input)) return { LoadBalancers: [view(existing)] };
          throw clientError('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`);
        }
        const arn = loadBalancerArn(scope, type, name);
        const doc: LoadBalancerDoc = {
          LoadBalancerArn: arn,
          DNSName: dnsName(scope, name, arn),
          CanonicalHostedZoneId: type === 'network' ? 'Z26RNL4JYFTOTI' : 'Z35SXDOTRQ7X7K',
          CreatedTime: clock.now().toISOString(),
          LoadBalancerName: name,
          Scheme: input.Scheme ?? 'internet-facing',
          VpcId: derivedId('vpc', azs[0].SubnetId),
          // The listeners answer as soon as the data plane has applied them, well within a second.
          State: { Code: 'active' },
          Type: type,
          AvailabilityZones: azs,
          SecurityGroups: type === 'application' ? input.SecurityGroups ?? [derivedId('sg', arn)] : input.SecurityGroups,
          // AWS: a network load balancer with security groups enforces them on PrivateLink traffic by default.
          EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: type === 'network' && input.SecurityGroups?.length ? 'on' : undefined,
          IpAddressType: input.IpAddressType ?? 'ipv4',
          attributes: { ...(type === 'network' ? NLB_ATTRIBUTES : ALB_ATTRIBUTES) },
          tags,
        };
        tx.put(KIND.loadBalancer, arn, doc, 0);
        return { LoadBalancers: [view(doc)] };
      });
    },

    DescribeLoadBalancers(input, ctx) {
      const scope = scopeOf(ctx);
      if (input.LoadBalancerArns && input.Names) throw clientError('ValidationError', 'Load balancer names and load balancer ARNs cannot be specified at the same time');
      let lbs = loadBalancers(store, scope);
      if (input.LoadBalancerArns) {
        lbs = input.LoadBalancerArns.map((a) => requireLoadBalancer(store, a));
      } else if (input.Names) {
        lbs = input.Names.map((n) => {
          const found = lbs.find((lb) => lb.LoadBalancerName === n);
          if (!found) throw clientError('LoadBalancerNotFound', `Load balancers '[${n}]' not found`);
          return found;
        });
      }
      const p = page(lbs, (lb) => lb.LoadBalancerArn, input.Marker, input.PageSize);
      return { LoadBalancers: p.items.map(view), NextMarker: p.NextMarker };
    },

    DeleteLoadBalancer(input) {
      return store.transact((tx) => {
        const rec = tx.get<LoadBalancerDoc>(KIND.loadBalancer, input.LoadBalancerArn);
        if (!rec) return {}; // AWS: deleting a missing load balancer succeeds
        if (rec.doc.attributes['deletion_protection.enabled'] === 'true') {
          throw clientError('OperationNotPermitted', `Load balancer '${rec.doc.LoadBalancerArn}' cannot be deleted because deletion protection is enabled`);
        }
        deleteListeners(tx, rec.doc.LoadBalancerArn);
        syncCertificateUsage(tx, deps.certificates, rec.doc.LoadBalancerArn);
        tx.delete(KIND.loadBalancer, rec.doc.LoadBalancerArn);
        return {};
      });
    },

    DescribeLoadBalancerAttributes(input) {
      return { Attributes: asList(requireLoadBalancer(store, input.LoadBalancerArn).attributes) };
    },

    ModifyLoadBalancerAttributes(input) {
      return store.transact((tx) => {
        const lb = requireLoadBalancer(tx, input.LoadBalancerArn);
        const attributes = applyAttributes('Load balancer', lb.attributes, input.Attributes);
        tx.put(KIND.loadBalancer, lb.LoadBalancerArn, { ...lb, attributes });
        return { Attributes: asList(attributes) };
      });
    },
  };
}

/** Deleting a load balancer deletes its listeners and their rules, as AWS does. */
export function deleteListeners(tx: Tx, lbArn: string): void {
  for (const l of listenersOf(tx, lbArn)) {
    for (const r of rulesOf(tx, l.ListenerArn)) tx.delete(KIND.rule, r.RuleArn);
    tx.delete(KIND.listener, l.ListenerArn);
  }
}
