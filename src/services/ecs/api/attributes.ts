/**
 * Attributes of container instances: PutAttributes, DeleteAttributes, ListAttributes.
 * Custom attributes are kept in the instance's `attributes` beside the ecs.* ones Berth
 * sets, so placement constraints and DescribeContainerInstances see them as one list.
 */
import { Attribute, Operations } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { requireCluster, scopeOf } from '../domain/clusters.js';
import { checkCallSize, validateName, validateValue, withAttributes, withoutAttributes } from '../domain/attributes.js';
import { ContainerInstanceDoc, findInstance, listInstances } from '../domain/container-instances.js';
import { KIND, Scope } from '../domain/names.js';
import { EcsDeps } from './context.js';
import { page } from './pagination.js';

type InstanceRecord = StoredRecord<ContainerInstanceDoc>;

/** The registered instance an attribute's targetId names: an ARN, or an id with targetType. */
function targetOf(tx: Tx, scope: Scope, cluster: string, attr: Attribute): InstanceRecord {
  const ref = attr.targetId;
  if (!ref) throw clientError('InvalidParameterException', 'targetId is required for each attribute.');
  if (!ref.startsWith('arn:') && !attr.targetType) {
    throw clientError('InvalidParameterException', 'targetType is required when targetId is not an ARN.');
  }
  const rec = findInstance(tx, scope, cluster, ref);
  if (!rec || rec.doc.status === 'INACTIVE') throw clientError('TargetNotFoundException', `Could not find ${ref}.`);
  return rec;
}

/** The call's attributes grouped by the instance they target, in call order. */
function byTarget(tx: Tx, scope: Scope, cluster: string, attributes: Attribute[]): Map<string, { rec: InstanceRecord; attrs: Attribute[] }> {
  const groups = new Map<string, { rec: InstanceRecord; attrs: Attribute[] }>();
  for (const attr of attributes) {
    const rec = targetOf(tx, scope, cluster, attr);
    const group = groups.get(rec.id) ?? { rec, attrs: [] };
    group.attrs.push(attr);
    groups.set(rec.id, group);
  }
  return groups;
}

function saveAttributes(tx: Tx, rec: InstanceRecord, attributes: Attribute[]): void {
  tx.put(KIND.containerInstance, rec.id, { ...rec.doc, attributes }, rec.version);
}

export function makeAttributeOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store } = deps;

  return {
    PutAttributes(input, ctx) {
      const scope = scopeOf(ctx);
      checkCallSize(input.attributes);
      for (const a of input.attributes) {
        validateName(a.name);
        validateValue(a.value);
      }
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster).clusterName;
        for (const { rec, attrs } of byTarget(tx, scope, cluster, input.attributes).values()) {
          saveAttributes(tx, rec, withAttributes(rec.doc.attributes, attrs));
        }
        // AWS answers with the attributes as they were given.
        return { attributes: input.attributes };
      });
    },

    DeleteAttributes(input, ctx) {
      const scope = scopeOf(ctx);
      checkCallSize(input.attributes);
      for (const a of input.attributes) validateName(a.name);
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster).clusterName;
        const deleted: Attribute[] = [];
        for (const { rec, attrs } of byTarget(tx, scope, cluster, input.attributes).values()) {
          // Each as given, with the value it had (AWS reports the deleted value).
          for (const a of attrs) deleted.push({ ...a, value: rec.doc.attributes.find((b) => b.name === a.name)?.value });
          saveAttributes(tx, rec, withoutAttributes(rec.doc.attributes, attrs.map((a) => a.name)));
        }
        return { attributes: deleted };
      });
    },

    ListAttributes(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster).clusterName;
      if (input.attributeValue !== undefined && input.attributeName === undefined) {
        throw clientError('InvalidParameterException', 'attributeValue can only be given with attributeName.');
      }
      const matches = (a: Attribute) => (input.attributeName === undefined || a.name === input.attributeName) &&
        (input.attributeValue === undefined || a.value === input.attributeValue);
      const items = listInstances(store, scope, cluster).filter((i) => i.status !== 'INACTIVE')
        .flatMap((i) => i.attributes.filter(matches).map((a) => ({ name: a.name, value: a.value, targetId: i.containerInstanceArn })));
      // A space sorts before every character an attribute name may hold: one instance's attributes stay together.
      const keyOf = (a: Attribute) => `${a.targetId} ${a.name}`;
      items.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : 1));
      const p = page(items, keyOf, input.nextToken, input.maxResults, 100);
      return { attributes: p.items, nextToken: p.nextToken };
    },
  };
}
