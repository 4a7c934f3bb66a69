/** Task definitions: Register, Describe, List, ListFamilies, Deregister, Delete. */
import { Failure, Operations, TaskDefinition } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { rootArn } from '../domain/account-settings.js';
import { scopeOf } from '../domain/clusters.js';
import { EcsDeps } from './context.js';
import { hostAccessProblem } from '../domain/host-access.js';
import { isForeignArn, KIND, parseTaskDefinitionRef, scopePrefix, taskDefinitionArn, taskDefinitionKey } from '../domain/names.js';
import { page } from './pagination.js';
import { validateTags } from '../domain/tags.js';
import { fargateIncompatibility, normaliseCpu, normaliseMemory, TaskDefInput, taskDefinitionProblem } from '../domain/task-definition-rules.js';
import { TaskDefinitionDoc, withContainerDefaults, requiredAttributes, requireTaskDefinition } from '../domain/task-definitions.js';
import { validateTaskDefinitionConstraints } from '../domain/placement/index.js';

/** The TaskDefinition on the wire: its tags travel beside it, never inside. */
function wire(td: TaskDefinitionDoc): TaskDefinition {
  const { tags, ...definition } = td;
  return definition;
}

export function makeTaskDefinitionOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store, clock } = deps;

  return {
    RegisterTaskDefinition(input, ctx) {
      const scope = scopeOf(ctx);
      const { tags: givenTags, ...given } = input;
      const td: TaskDefInput = { ...given, cpu: normaliseCpu(given.cpu), memory: normaliseMemory(given.memory) };
      const problem = taskDefinitionProblem(td);
      if (problem) throw clientError('ClientException', problem);
      const fargateProblem = fargateIncompatibility(td);
      if (fargateProblem && td.requiresCompatibilities?.includes('FARGATE')) throw clientError('ClientException', fargateProblem);
      const denied = hostAccessProblem(td, deps.hostAccess);
      if (denied) throw clientError('ClientException', denied);
      validateTaskDefinitionConstraints(td.placementConstraints);
      if (JSON.stringify(input).length > 64 * 1024) throw clientError('ClientException', 'Task definition size exceeds the maximum of 65536 bytes.');
      const tags = validateTags(givenTags);
      return store.transact((tx) => {
        const latest = tx.list<TaskDefinitionDoc>(KIND.taskDefinition, { prefix: `${scopePrefix(scope)}${td.family}/` }).pop();
        const revision = (latest?.doc.revision ?? 0) + 1;
        const doc: TaskDefinitionDoc = {
          ...td,
          taskDefinitionArn: taskDefinitionArn(scope, td.family, revision),
          revision,
          containerDefinitions: td.containerDefinitions.map((c) => withContainerDefaults(c, td.networkMode ?? 'bridge')),
          volumes: td.volumes ?? [],
          placementConstraints: td.placementConstraints ?? [],
          status: 'ACTIVE',
          compatibilities: fargateProblem ? ['EC2'] : ['EC2', 'FARGATE'],
          requiresAttributes: requiredAttributes(td),
          registeredAt: clock.now().toISOString(),
          registeredBy: rootArn(scope),
          tags,
        };
        tx.put(KIND.taskDefinition, taskDefinitionKey(scope, td.family, revision), doc);
        return { taskDefinition: wire(doc), tags };
      });
    },

    DescribeTaskDefinition(input, ctx) {
      const td = requireTaskDefinition(store, scopeOf(ctx), input.taskDefinition);
      // Without TAGS AWS still returns the list, empty.
      return { taskDefinition: wire(td), tags: input.include?.includes('TAGS') ? td.tags : [] };
    },

    ListTaskDefinitions(input, ctx) {
      const scope = scopeOf(ctx);
      const prefix = `${scopePrefix(scope)}${input.familyPrefix ?? ''}`;
      const status = input.status ?? 'ACTIVE';
      let items = store.list<TaskDefinitionDoc>(KIND.taskDefinition, { prefix })
        .filter((r) => (input.familyPrefix ? r.doc.family === input.familyPrefix : true) && r.doc.status === status);
      if (input.sort === 'DESC') items = items.reverse();
      const keyed = items.map((r, i) => ({ key: String(i).padStart(9, '0'), arn: r.doc.taskDefinitionArn }));
      const p = page(keyed, (x) => x.key, input.nextToken, input.maxResults, 100);
      return { taskDefinitionArns: p.items.map((x) => x.arn), nextToken: p.nextToken };
    },

    ListTaskDefinitionFamilies(input, ctx) {
      const scope = scopeOf(ctx);
      // Without a status filter AWS lists ACTIVE and INACTIVE families alike.
      const status = input.status ?? 'ALL';
      const families = new Map<string, boolean>();
      for (const r of store.list<TaskDefinitionDoc>(KIND.taskDefinition, { prefix: `${scopePrefix(scope)}${input.familyPrefix ?? ''}` })) {
        families.set(r.doc.family, (families.get(r.doc.family) ?? false) || r.doc.status === 'ACTIVE');
      }
      const matching = [...families.entries()]
        .filter(([, active]) => status === 'ALL' || (status === 'ACTIVE' ? active : !active))
        .map(([family]) => family);
      const p = page(matching, (f) => f, input.nextToken, input.maxResults, 100);
      return { families: p.items, nextToken: p.nextToken };
    },

    DeregisterTaskDefinition(input, ctx) {
      const scope = scopeOf(ctx);
      const { family, revision } = parseTaskDefinitionRef(input.taskDefinition);
      if (revision === undefined) throw clientError('ClientException', 'Invalid revision number. Number: ');
      return store.transact((tx) => {
        const key = taskDefinitionKey(scope, family, revision);
        const rec = isForeignArn(input.taskDefinition, scope) ? undefined : tx.get<TaskDefinitionDoc>(KIND.taskDefinition, key);
        if (!rec || rec.doc.status === 'DELETE_IN_PROGRESS') throw clientError('ClientException', 'The specified task definition does not exist.');
        const doc: TaskDefinitionDoc = rec.doc.status === 'INACTIVE' ? rec.doc : { ...rec.doc, status: 'INACTIVE', deregisteredAt: clock.now().toISOString() };
        tx.put(KIND.taskDefinition, key, doc);
        return { taskDefinition: wire(doc) };
      });
    },

    DeleteTaskDefinitions(input, ctx) {
      const scope = scopeOf(ctx);
      const refs = input.taskDefinitions;
      if (refs.length === 0 || refs.length > 10) throw clientError('InvalidParameterException', 'taskDefinitions must contain between 1 and 10 items.');
      return store.transact((tx) => {
        const taskDefinitions: TaskDefinitionDoc[] = [];
        const failures: Failure[] = [];
        for (const ref of refs) {
          const { family, revision } = parseTaskDefinitionRef(ref);
          const rec = revision === undefined || isForeignArn(ref, scope) ? undefined : tx.get<TaskDefinitionDoc>(KIND.taskDefinition, taskDefinitionKey(scope, family, revision));
          if (!rec) failures.push({ arn: ref, reason: 'TASK_DEFINITION_NOT_FOUND' });
          else if (rec.doc.status === 'ACTIVE') failures.push({ arn: rec.doc.taskDefinitionArn, reason: 'The specified task definition is still in ACTIVE status. Please deregister the target and try again.' });
          else {
            const doc: TaskDefinitionDoc = { ...rec.doc, status: 'DELETE_IN_PROGRESS', deleteRequestedAt: rec.doc.deleteRequestedAt ?? clock.now().toISOString() };
            tx.put(KIND.taskDefinition, rec.id, doc);
            taskDefinitions.push(doc);
          }
        }
        return { taskDefinitions: taskDefinitions.map(wire), failures };
      });
    },
  };
}
