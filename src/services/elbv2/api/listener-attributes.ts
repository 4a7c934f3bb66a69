/** DescribeListenerAttributes, ModifyListenerAttributes. */
import { Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { asList } from '../domain/attributes.js';
import { Elbv2Deps } from './context.js';
import { requireListener } from '../domain/lookups.js';
import { KIND } from '../domain/names.js';
import { attributesOf, applyListenerAttributes } from '../domain/listener-attributes.js';

export function makeListenerAttributeOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    DescribeListenerAttributes(input) {
      return { Attributes: asList(attributesOf(requireListener(store, input.ListenerArn))) };
    },

    ModifyListenerAttributes(input) {
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        const attributes = applyListenerAttributes(l, input.Attributes);
        tx.put(KIND.listener, l.ListenerArn, { ...l, attributes });
        return { Attributes: asList(attributes) };
      });
    },
  };
}
