/** CreateRule, DescribeRules, ModifyRule, DeleteRule, SetRulePriorities. The default rule lives on its listener. */
import { clientError } from '../../../protocol/errors.js';
import { DescribeRulesInput, Operations, Rule, RulePriorityPair } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { normalizeActions } from '../domain/actions.js';
import { normalizeConditions } from '../domain/conditions.js';
import { Elbv2Deps } from './context.js';
import { ListenerDoc, RuleDoc } from '../domain/docs.js';
import { requireListener, requireLoadBalancer, rulesOf } from '../domain/lookups.js';
import { KIND, listenerOf, ruleArn } from '../domain/names.js';
import { page } from './pagination.js';
import { validateTags } from './tags.js';

interface FoundRule { listener: ListenerDoc; rule?: RuleDoc }

/** A rule as the wire shows it; its ARN is always known (pages are keyed by it). */
type RuleView = Rule & { RuleArn: string };

function findRule(tx: ReadTx, arn: string): FoundRule {
  const rule = tx.get<RuleDoc>(KIND.rule, arn)?.doc;
  const listener = tx.get<ListenerDoc>(KIND.listener, rule?.ListenerArn ?? listenerOf(arn))?.doc;
  if (!listener || (!rule && listener.defaultRuleArn !== arn)) throw clientError('RuleNotFound', `One or more rules not found`);
  return { listener, rule };
}

function defaultRuleView(l: ListenerDoc): RuleView {
  return { RuleArn: l.defaultRuleArn, Priority: 'default', Conditions: [], Actions: l.DefaultActions, IsDefault: true };
}

function ruleView(r: RuleDoc): RuleView {
  return { RuleArn: r.RuleArn, Priority: String(r.Priority), Conditions: r.Conditions, Actions: r.Actions, IsDefault: false };
}

function checkPriorityFree(tx: ReadTx, listenerArn: string, priority: number, self?: string): void {
  if (rulesOf(tx, listenerArn).some((r) => r.Priority === priority && r.RuleArn !== self)) {
    throw clientError('PriorityInUse', `Priority '${priority}' is currently in use`);
  }
}

/** The model leaves both members of a pair optional; a priority change needs both. */
function checkedPair({ RuleArn, Priority }: RulePriorityPair): { RuleArn: string; Priority: number } {
  if (!RuleArn) throw clientError('ValidationError', 'A rule ARN must be specified for every rule priority');
  if (Priority === undefined) throw clientError('ValidationError', `A priority must be specified for rule '${RuleArn}'`);
  return { RuleArn, Priority };
}

export function makeRuleOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store } = deps;

  /** The rules DescribeRules shows: the ones asked for by ARN, or a listener's in priority order with its default rule last. */
  function rulesAsked(input: DescribeRulesInput): RuleView[] {
    if (input.RuleArns) {
      return input.RuleArns.map((arn) => {
        const { listener, rule } = findRule(store, arn);
        return rule ? ruleView(rule) : defaultRuleView(listener);
      });
    }
    if (!input.ListenerArn) throw clientError('ValidationError', 'You must specify either listener ARN or rule ARNs');
    const l = requireListener(store, input.ListenerArn);
    const rules = rulesOf(store, l.ListenerArn).sort((a, b) => a.Priority - b.Priority);
    return [...rules.map(ruleView), defaultRuleView(l)];
  }

  return {
    CreateRule(input) {
      const tags = validateTags(input.Tags);
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        const lb = requireLoadBalancer(tx, l.LoadBalancerArn);
        if (lb.Type === 'network') throw clientError('ValidationError', 'Rules are not supported for network load balancer listeners');
        checkPriorityFree(tx, l.ListenerArn, input.Priority);
        if (rulesOf(tx, l.ListenerArn).length >= 100) throw clientError('TooManyRules', 'You have reached the limit on the number of rules per listener');
        const doc: RuleDoc = {
          RuleArn: ruleArn(l.ListenerArn),
          ListenerArn: l.ListenerArn,
          Priority: input.Priority,
          Conditions: normalizeConditions(input.Conditions),
          Actions: normalizeActions(tx, lb.LoadBalancerArn, lb.Type, input.Actions),
          tags,
        };
        tx.put(KIND.rule, doc.RuleArn, doc, 0);
        return { Rules: [ruleView(doc)] };
      });
    },

    DescribeRules(input) {
      const p = page(rulesAsked(input), (v) => v.RuleArn, input.Marker, input.PageSize);
      return { Rules: p.items, NextMarker: p.NextMarker };
    },

    ModifyRule(input) {
      return store.transact((tx) => {
        const { listener, rule } = findRule(tx, input.RuleArn);
        const lb = requireLoadBalancer(tx, listener.LoadBalancerArn);
        const actions = input.Actions ? normalizeActions(tx, lb.LoadBalancerArn, lb.Type, input.Actions) : undefined;
        if (!rule) {
          if (input.Conditions) throw clientError('OperationNotPermitted', 'Conditions cannot be specified for the default rule');
          const doc = { ...listener, DefaultActions: actions ?? listener.DefaultActions };
          tx.put(KIND.listener, doc.ListenerArn, doc);
          return { Rules: [defaultRuleView(doc)] };
        }
        const doc: RuleDoc = { ...rule, Conditions: input.Conditions ? normalizeConditions(input.Conditions) : rule.Conditions, Actions: actions ?? rule.Actions };
        tx.put(KIND.rule, doc.RuleArn, doc);
        return { Rules: [ruleView(doc)] };
      });
    },

    DeleteRule(input) {
      return store.transact((tx) => {
        const { rule } = findRule(tx, input.RuleArn);
        if (!rule) throw clientError('OperationNotPermitted', 'Default rule cannot be deleted');
        tx.delete(KIND.rule, rule.RuleArn);
        return {};
      });
    },

    SetRulePriorities(input) {
      const pairs = input.RulePriorities.map(checkedPair);
      return store.transact((tx) => {
        const updated: RuleDoc[] = [];
        for (const { RuleArn, Priority } of pairs) {
          const { rule } = findRule(tx, RuleArn);
          if (!rule) throw clientError('OperationNotPermitted', 'Default rule priority cannot be modified');
          const doc = { ...rule, Priority };
          tx.put(KIND.rule, doc.RuleArn, doc);
          updated.push(doc);
        }
        for (const r of updated) checkPriorityFree(tx, r.ListenerArn, r.Priority, r.RuleArn);
        return { Rules: updated.map(ruleView) };
      });
    },
  };
}
