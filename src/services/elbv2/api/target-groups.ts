/** CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup and the target group attributes. */
import { clientError } from '../../../protocol/errors.js';
import { CreateTargetGroupInput, Operations, TargetGroup } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { applyAttributes, asList, targetGroupAttributeDefaults } from '../domain/attributes.js';
import { Elbv2Deps } from './context.js';
import { TargetGroupDoc, wireView } from '../domain/docs.js';
import { HEALTH_FIELDS, HealthSettings, healthDefaults, validateHealth } from '../domain/health-checks.js';
import { listenersOf, loadBalancersUsing, requireLoadBalancer, requireTargetGroup, rulesOf, scopeOf, targetGroups, forwardedGroups } from '../domain/lookups.js';
import { checkName, KIND, targetGroupArn, targetPrefix } from '../domain/names.js';
import { page } from './pagination.js';
import { validateTags } from './tags.js';

const VPC = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** What an instance or ip target group of Berth needs: the model leaves protocol, port and VPC optional (lambda groups have none). */
type RequiredSettings = Pick<TargetGroupDoc, 'TargetType'> & Required<Pick<TargetGroupDoc, 'Protocol' | 'Port' | 'VpcId'>>;

function requiredSettings(input: CreateTargetGroupInput): RequiredSettings {
  const type = input.TargetType ?? 'instance';
  if (type !== 'instance' && type !== 'ip') throw clientError('ValidationError', `Berth supports target types instance and ip, not '${type}'`);
  if (input.Protocol === undefined) throw clientError('ValidationError', "A protocol must be specified");
  if (input.Protocol !== 'HTTP' && input.Protocol !== 'TCP') throw clientError('ValidationError', `Berth supports target group protocols HTTP and TCP, not '${input.Protocol}'`);
  if (input.Port === undefined) throw clientError('ValidationError', 'A port must be specified');
  if (input.VpcId === undefined) throw clientError('ValidationError', 'A VPC ID must be specified');
  if (!VPC.test(input.VpcId)) throw clientError('ValidationError', `The VPC ID '${input.VpcId}' is not found`);
  return { TargetType: type, Protocol: input.Protocol, Port: input.Port, VpcId: input.VpcId };
}

function sameSettings(tg: TargetGroupDoc, s: RequiredSettings): boolean {
  return tg.Protocol === s.Protocol && tg.Port === s.Port && tg.VpcId === s.VpcId && tg.TargetType === s.TargetType;
}

export function targetGroupView(tx: ReadTx, tg: TargetGroupDoc): TargetGroup {
  return { ...wireView(tg), LoadBalancerArns: loadBalancersUsing(tx, tg.TargetGroupArn) };
}

/** The health check members the request gives; the others keep their current (or default) values. */
function definedHealth(input: Partial<HealthSettings>): Partial<HealthSettings> {
  const out: Partial<HealthSettings> = {};
  const copy = <K extends keyof HealthSettings>(field: K) => {
    if (input[field] !== undefined) out[field] = input[field];
  };
  HEALTH_FIELDS.forEach(copy);
  return out;
}

export function makeTargetGroupOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store } = deps;

  return {
    CreateTargetGroup(input, ctx) {
      const scope = scopeOf(ctx);
      checkName('target group', input.Name);
      const settings = requiredSettings(input);
      const tags = validateTags(input.Tags);
      const protocol = settings.Protocol;
      const candidate: TargetGroupDoc = {
        TargetGroupArn: '',
        TargetGroupName: input.Name,
        Protocol: protocol,
        Port: settings.Port,
        VpcId: settings.VpcId,
        ...healthDefaults(input.HealthCheckProtocol === 'TCP' ? 'TCP' : protocol),
        ...definedHealth(input),
        TargetType: settings.TargetType,
        ProtocolVersion: protocol === 'TCP' ? undefined : input.ProtocolVersion ?? 'HTTP1',
        IpAddressType: input.IpAddressType ?? 'ipv4',
        attributes: targetGroupAttributeDefaults(protocol),
        tags,
      };
      validateHealth(candidate);
      return store.transact((tx) => {
        const existing = targetGroups(tx, scope).find((t) => t.TargetGroupName === input.Name);
        if (existing) {
          if (sameSettings(existing, settings)) return { TargetGroups: [targetGroupView(tx, existing)] };
          throw clientError('DuplicateTargetGroupName', `A target group with the same name '${input.Name}' exists, but with different settings`);
        }
        const doc = { ...candidate, TargetGroupArn: targetGroupArn(scope, input.Name) };
        tx.put(KIND.targetGroup, doc.TargetGroupArn, doc, 0);
        return { TargetGroups: [targetGroupView(tx, doc)] };
      });
    },

    DescribeTargetGroups(input, ctx) {
      const scope = scopeOf(ctx);
      const given = [input.LoadBalancerArn, input.TargetGroupArns, input.Names].filter((x) => x !== undefined).length;
      if (given > 1) throw clientError('ValidationError', 'Only one of load balancer ARN, target group ARNs or names can be specified');
      let groups = targetGroups(store, scope);
      if (input.TargetGroupArns) {
        groups = input.TargetGroupArns.map((a) => requireTargetGroup(store, a));
      } else if (input.Names) {
        groups = input.Names.map((n) => {
          const found = groups.find((g) => g.TargetGroupName === n);
          if (!found) throw clientError('TargetGroupNotFound', `One or more target groups not found`);
          return found;
        });
      } else if (input.LoadBalancerArn) {
        const lb = requireLoadBalancer(store, input.LoadBalancerArn);
        const used = new Set(listenersOf(store, lb.LoadBalancerArn).flatMap((l) => [...forwardedGroups(l.DefaultActions), ...rulesOf(store, l.ListenerArn).flatMap((r) => forwardedGroups(r.Actions))]));
        groups = groups.filter((g) => used.has(g.TargetGroupArn));
      }
      const p = page(groups, (g) => g.TargetGroupArn, input.Marker, input.PageSize);
      return { TargetGroups: p.items.map((g) => targetGroupView(store, g)), NextMarker: p.NextMarker };
    },

    ModifyTargetGroup(input) {
      return store.transact((tx) => {
        const tg = requireTargetGroup(tx, input.TargetGroupArn);
        const doc = { ...tg, ...definedHealth(input) };
        validateHealth(doc);
        tx.put(KIND.targetGroup, tg.TargetGroupArn, doc);
        return { TargetGroups: [targetGroupView(tx, doc)] };
      });
    },

    DeleteTargetGroup(input) {
      return store.transact((tx) => {
        const rec = tx.get<TargetGroupDoc>(KIND.targetGroup, input.TargetGroupArn);
        if (!rec) return {};
        if (loadBalancersUsing(tx, rec.doc.TargetGroupArn).length > 0) {
          throw clientError('ResourceInUse', `Target group '${rec.doc.TargetGroupArn}' is currently in use by a listener or a rule`);
        }
        for (const kind of [KIND.target, KIND.targetHealth]) {
          for (const t of tx.list(kind, { prefix: targetPrefix(rec.doc.TargetGroupArn) })) tx.delete(kind, t.id);
        }
        tx.delete(KIND.targetGroup, rec.doc.TargetGroupArn);
        return {};
      });
    },

    DescribeTargetGroupAttributes(input) {
      return { Attributes: asList(requireTargetGroup(store, input.TargetGroupArn).attributes) };
    },

    ModifyTargetGroupAttributes(input) {
      return store.transact((tx) => {
        const tg = requireTargetGroup(tx, input.TargetGroupArn);
        const attributes = applyAttributes('Target group', tg.attributes, input.Attributes);
        tx.put(KIND.targetGroup, tg.TargetGroupArn, { ...tg, attributes });
        return { Attributes: asList(attributes) };
      });
    },
  };
}
