/**
 * A load balancer's place in the network: subnets (zones), IP address type and security
 * groups, at creation and through SetSubnets, SetIpAddressType and SetSecurityGroups.
 * There is no EC2 API, so ids are checked for form only.
 */
import { clientError } from '../../../protocol/errors.js';
import { Elbv2Deps } from './context.js';
import { LoadBalancerDoc } from '../domain/docs.js';
import { requireLoadBalancer } from '../domain/lookups.js';
import { KIND, Scope } from '../domain/names.js';

const SUBNET = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;

export type Zone = { ZoneName: string; SubnetId: string };

/** Subnets are not looked up: well-formed ids are spread over the region's zones a, b, c, … */
export function zones(scope: Scope, type: string, input: { Subnets?: string[]; SubnetMappings?: { SubnetId?: string }[] }): Zone[] {
  const subnets: string[] = input.Subnets ?? (input.SubnetMappings ?? []).map((m) => m.SubnetId ?? '');
  for (const s of subnets) if (!SUBNET.test(s)) throw clientError('InvalidSubnet', `The subnet ID '${s}' is not valid`);
  if (new Set(subnets).size !== subnets.length) throw clientError('ValidationError', 'A subnet cannot be specified more than once');
  if (type === 'application' && subnets.length < 2) {
    throw clientError('ValidationError', 'At least two subnets in two different Availability Zones must be specified');
  }
  if (subnets.length === 0) throw clientError('ValidationError', 'At least one subnet must be specified');
  return subnets.map((SubnetId, i) => ({ ZoneName: `${scope.region}${String.fromCharCode(97 + (i % 6))}`, SubnetId }));
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

export function makeLoadBalancerNetworkOps(deps: Elbv2Deps) {
  const { store } = deps;

  function update(arn: string, change: (lb: LoadBalancerDoc) => LoadBalancerDoc): LoadBalancerDoc {
    return store.transact((tx) => {
      const doc = change(requireLoadBalancer(tx, arn));
      tx.put(KIND.loadBalancer, doc.LoadBalancerArn, doc);
      return doc;
    });
  }

  return {
    SetSubnets(input: any) {
      const lb = update(input.LoadBalancerArn, (lb) => {
        if (input.Subnets === undefined && input.SubnetMappings === undefined) throw clientError('ValidationError', 'Subnets or subnet mappings must be specified');
        const ipAddressType = input.IpAddressType ?? lb.IpAddressType;
        checkIpAddressType(lb.Type, lb.Scheme, ipAddressType);
        return { ...lb, AvailabilityZones: zones(scopeOfArn(lb.LoadBalancerArn), lb.Type, input), IpAddressType: ipAddressType };
      });
      return { AvailabilityZones: lb.AvailabilityZones, IpAddressType: lb.IpAddressType };
    },

    SetIpAddressType(input: any) {
      const lb = update(input.LoadBalancerArn, (lb) => {
        checkIpAddressType(lb.Type, lb.Scheme, input.IpAddressType);
        return { ...lb, IpAddressType: input.IpAddressType };
      });
      return { IpAddressType: lb.IpAddressType };
    },

    SetSecurityGroups(input: any) {
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
