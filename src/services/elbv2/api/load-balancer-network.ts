/**
 * A load balancer's place in the network: subnets (zones), IP address type and security
 * groups, at creation and through SetSubnets, SetIpAddressType and SetSecurityGroups.
 * There is no EC2 API, so ids are checked for form only.
 */
import { isIP } from 'node:net';
import { clientError } from '../../../protocol/errors.js';
import { LoadBalancer, Operations, SubnetMapping } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { Elbv2Deps } from './context.js';
import { LoadBalancerAddress, LoadBalancerDoc, wireView, Zone } from '../domain/docs.js';
import { requireLoadBalancer } from '../domain/lookups.js';
import { KIND, Scope } from '../domain/names.js';
import { shown } from '../domain/formats.js';

const SUBNET = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ALLOCATION = /^eipalloc-[0-9a-f]{8}([0-9a-f]{9})?$/;

type Placement = { Subnets?: string[]; SubnetMappings?: SubnetMapping[] };

/** Subnets are not looked up: well-formed ids are spread over the region's zones a, b, c, … */
export function zones(scope: Scope, type: string, scheme: string, input: Placement): Zone[] {
  const mappings: SubnetMapping[] = input.Subnets ? input.Subnets.map((SubnetId) => ({ SubnetId })) : input.SubnetMappings ?? [];
  const subnets = mappings.map((m) => m.SubnetId ?? '');
  for (const s of subnets) if (!SUBNET.test(s)) throw clientError('InvalidSubnet', `The subnet ID '${shown(s)}' is not valid`);
  if (new Set(subnets).size !== subnets.length) throw clientError('ValidationError', 'A subnet cannot be specified more than once');
  if (type === 'application' && subnets.length < 2) {
    throw clientError('ValidationError', 'At least two subnets in two different Availability Zones must be specified');
  }
  if (subnets.length === 0) throw clientError('ValidationError', 'At least one subnet must be specified');
  return mappings.map((m, i) => {
    const zone: Zone = { ZoneName: `${scope.region}${String.fromCharCode(97 + (i % 6))}`, SubnetId: subnets[i] };
    const addresses = addressesOf(type, scheme, m);
    return type === 'network' ? { ...zone, LoadBalancerAddresses: addresses } : zone;
  });
}

/**
 * A network load balancer's static addresses per subnet, as AWS lists them: an Elastic IP
 * (internet-facing), a private IPv4 address (internal), an IPv6 address. Application load
 * balancers take none. There is no EC2 API: allocations and addresses are checked for form.
 */
function addressesOf(type: string, scheme: string, m: SubnetMapping): LoadBalancerAddress[] {
  const given = [m.AllocationId, m.PrivateIPv4Address, m.IPv6Address].some((x) => x !== undefined);
  if (!given) return [];
  if (type !== 'network') throw clientError('InvalidConfigurationRequest', 'Elastic IP addresses and private or IPv6 addresses can be specified for network load balancers only');
  const out: LoadBalancerAddress[] = [];
  if (m.AllocationId !== undefined) {
    if (scheme === 'internal') throw clientError('InvalidConfigurationRequest', 'Elastic IP addresses cannot be specified for internal load balancers');
    if (!ALLOCATION.test(m.AllocationId)) throw clientError('AllocationIdNotFound', `The allocation ID '${shown(m.AllocationId)}' is not valid`);
    out.push({ AllocationId: m.AllocationId });
  }
  if (m.PrivateIPv4Address !== undefined) {
    if (scheme !== 'internal') throw clientError('InvalidConfigurationRequest', 'Private IPv4 addresses can be specified for internal load balancers only');
    if (isIP(m.PrivateIPv4Address) !== 4) throw clientError('ValidationError', `The private IPv4 address '${shown(m.PrivateIPv4Address)}' is not valid`);
    out.push({ PrivateIPv4Address: m.PrivateIPv4Address });
  }
  if (m.IPv6Address !== undefined) {
    if (isIP(m.IPv6Address) !== 6) throw clientError('ValidationError', `The IPv6 address '${shown(m.IPv6Address)}' is not valid`);
    out.push({ IPv6Address: m.IPv6Address });
  }
  return out;
}

/**
 * The zones as the wire shows them. A network load balancer lists its addresses (none on
 * records stored before Berth kept them); an Elastic IP's address is where Berth's listeners
 * answer, `--lb-bind-ip`, unless that is a wildcard.
 */
export function zonesView(lb: LoadBalancerDoc, bindIp: string | undefined): Zone[] {
  if (lb.Type !== 'network') return lb.AvailabilityZones;
  const ip = bindIp && !['0.0.0.0', '::', ''].includes(bindIp) ? bindIp : undefined;
  return lb.AvailabilityZones.map((z) => ({
    ...z,
    LoadBalancerAddresses: (z.LoadBalancerAddresses ?? []).map((a) => (a.AllocationId && ip ? { IpAddress: ip, ...a } : a)),
  }));
}

/** A load balancer as the wire shows it. */
export function loadBalancerView(lb: LoadBalancerDoc, bindIp: string | undefined): LoadBalancer {
  return { ...wireView(lb), AvailabilityZones: zonesView(lb, bindIp) };
}

export function checkSecurityGroups(groups: string[]): void {
  for (const g of groups) if (!SECURITY_GROUP.test(g)) throw clientError('InvalidSecurityGroup', `The security group '${g}' is not valid`);
}

/** `dualstack-without-public-ipv4` is for internet-facing application load balancers only. */
export function checkIpAddressType(type: string, scheme: string, ipAddressType: string): void {
  if (ipAddressType !== 'dualstack-without-public-ipv4') return;
  if (type !== 'application') {
    throw clientError('InvalidConfigurationRequest', `IP address type '${ipAddressType}' is not supported for load balancers of type '${type}'`);
  }
  if (scheme === 'internal') throw clientError('InvalidConfigurationRequest', `IP address type '${ipAddressType}' is not supported for internal load balancers`);
}

/** A scope for zone names: the load balancer's own region and account, from its ARN. */
function scopeOfArn(arn: string): Scope {
  const [, , , region, accountId] = arn.split(':');
  return { region, accountId };
}

export function makeLoadBalancerNetworkOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store } = deps;

  function update(arn: string, change: (lb: LoadBalancerDoc) => LoadBalancerDoc): LoadBalancerDoc {
    return store.transact((tx) => {
      const doc = change(requireLoadBalancer(tx, arn));
      tx.put(KIND.loadBalancer, doc.LoadBalancerArn, doc);
      return doc;
    });
  }

  return {
    SetSubnets(input) {
      const lb = update(input.LoadBalancerArn, (lb) => {
        if (input.Subnets === undefined && input.SubnetMappings === undefined) throw clientError('ValidationError', 'Subnets or subnet mappings must be specified');
        const ipAddressType = input.IpAddressType ?? lb.IpAddressType;
        checkIpAddressType(lb.Type, lb.Scheme, ipAddressType);
        return { ...lb, AvailabilityZones: zones(scopeOfArn(lb.LoadBalancerArn), lb.Type, lb.Scheme, input), IpAddressType: ipAddressType };
      });
      return { AvailabilityZones: zonesView(lb, deps.lbBindIp), IpAddressType: lb.IpAddressType };
    },

    SetIpAddressType(input) {
      const lb = update(input.LoadBalancerArn, (lb) => {
        checkIpAddressType(lb.Type, lb.Scheme, input.IpAddressType);
        return { ...lb, IpAddressType: input.IpAddressType };
      });
      return { IpAddressType: lb.IpAddressType };
    },

    SetSecurityGroups(input) {
      checkSecurityGroups(input.SecurityGroups);
      const lb = update(input.LoadBalancerArn, (lb) => {
        if (lb.Type === 'network' && !lb.SecurityGroups?.length && input.SecurityGroups.length > 0) {
          throw clientError('InvalidConfigurationRequest', 'You cannot set security groups on a Network Load Balancer which was created without any security groups');
        }
        if (lb.Type === 'application' && input.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic !== undefined) {
          throw clientError('InvalidConfigurationRequest', 'EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic is supported only for network load balancers');
        }
        const enforce = input.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic ?? lb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic;
        return { ...lb, SecurityGroups: input.SecurityGroups, EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: enforce };
      });
      return { SecurityGroupIds: lb.SecurityGroups, EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: lb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic };
    },
  };
}
