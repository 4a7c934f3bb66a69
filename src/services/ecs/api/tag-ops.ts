/** TagResource, UntagResource, ListTagsForResource for clusters, task definitions, tasks, container instances and capacity providers. */
import { Operations } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { scopeOf } from '../domain/clusters.js';
import { EcsDeps } from './context.js';
import { clusterKey, instanceKey, isForeignArn, KIND, parseTaskDefinitionRef, Scope, taskDefinitionKey, taskKey } from '../domain/names.js';
import { CAPACITY_PROVIDER_KIND, capacityProviderKey } from '../domain/capacity-provider-records.js';
import { mergeTags, removeTags, Tag, validateTags } from '../domain/tags.js';

interface Located { kind: string; id: string }

function locate(scope: Scope, resourceArn: string): Located {
  const m = /^arn:aws[a-z-]*:ecs:([^:]+):(\d{12}):([a-z-]+)\/(.+)$/.exec(resourceArn);
  if (!m) throw clientError('InvalidParameterException', 'The ARN provided is invalid.');
  if (isForeignArn(resourceArn, scope)) throw clientError('ResourceNotFoundException', 'The specified resource could not be found.');
  const [, , , type, rest] = m;
  const parts = rest.split('/');
  switch (type) {
    case 'cluster': return { kind: KIND.cluster, id: clusterKey(scope, rest) };
    case 'task': return { kind: KIND.task, id: taskKey(scope, parts[0], parts[1] ?? '') };
    case 'container-instance': return { kind: KIND.containerInstance, id: instanceKey(scope, parts[0], parts[1] ?? '') };
    case 'capacity-provider': return { kind: CAPACITY_PROVIDER_KIND, id: capacityProviderKey(scope, rest) };
    case 'task-definition': {
      const { family, revision } = parseTaskDefinitionRef(rest);
      if (revision === undefined) throw clientError('InvalidParameterException', 'The ARN provided is invalid.');
      return { kind: KIND.taskDefinition, id: taskDefinitionKey(scope, family, revision) };
    }
    default:
      throw clientError('InvalidParameterException', `Berth does not support tagging ${type} resources yet.`);
  }
}

function requireTagged(tx: ReadTx, loc: Located) {
  const rec = tx.get<{ tags?: Tag[] }>(loc.kind, loc.id);
  if (!rec) throw clientError('ResourceNotFoundException', 'The specified resource could not be found.');
  return rec;
}

export function makeTagOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    TagResource(input, ctx) {
      const loc = locate(scopeOf(ctx), input.resourceArn);
      const added = validateTags(input.tags);
      store.transact((tx) => {
        const rec = requireTagged(tx, loc);
        tx.put(loc.kind, loc.id, { ...rec.doc, tags: mergeTags(rec.doc.tags, added) });
      });
      return {};
    },

    UntagResource(input, ctx) {
      const loc = locate(scopeOf(ctx), input.resourceArn);
      store.transact((tx) => {
        const rec = requireTagged(tx, loc);
        tx.put(loc.kind, loc.id, { ...rec.doc, tags: removeTags(rec.doc.tags, input.tagKeys) });
      });
      return {};
    },

    ListTagsForResource(input, ctx) {
      const loc = locate(scopeOf(ctx), input.resourceArn);
      return { tags: requireTagged(store, loc).doc.tags ?? [] };
    },
  };
}
