/** Tasks: RunTask, StartTask, StopTask, DescribeTasks, ListTasks. The task controller does the running. */
import { Failure, Operations, RunTaskRequest, Task } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { createHash } from 'node:crypto';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { requireCluster, scopeOf } from '../domain/clusters.js';
import { listInstances } from '../domain/container-instances.js';
import { EcsDeps } from './context.js';
import { isForeignArn, KIND, nameFromRef, scopePrefix, Scope, taskArn, taskKey } from '../domain/names.js';
import { pageFrom } from './pagination.js';
import { listTaskIds, listTasks, TASK_KEYS } from '../domain/task-index.js';
import { capReason, TaskDoc } from '../domain/task-doc.js';
import { createTasks, LaunchRequest, launchPlan, requireActiveDefinition } from '../domain/task-launch.js';
import { TaskDefinitionDoc } from '../domain/task-definitions.js';
import { serviceKey } from '../domain/service-doc.js';
import { serviceGroup } from '../domain/service-view.js';

const PLATFORM_VERSIONS = ['LATEST', '1.4.0', '1.3.0'];
const STARTED_BY_RE = /^[A-Za-z0-9_/-]{1,128}$/;

function checkRequest(input: RunTaskRequest): number {
  const count = input.count ?? 1;
  if (count < 1 || count > 10) throw clientError('InvalidParameterException', 'Count must be between 1 and 10.');
  if (input.startedBy !== undefined && !STARTED_BY_RE.test(input.startedBy)) {
    throw clientError('InvalidParameterException', 'startedBy must be up to 128 letters, numbers, hyphens, forward slashes and underscores.');
  }
  if (input.platformVersion !== undefined && !PLATFORM_VERSIONS.includes(input.platformVersion)) {
    throw clientError('PlatformUnknownException', `The specified platform version ${input.platformVersion} does not exist.`);
  }
  if (input.clientToken !== undefined && !/^[\x21-\x7e]{1,64}$/.test(input.clientToken)) {
    throw clientError('InvalidParameterException', 'clientToken must be 1 to 64 printable ASCII characters.');
  }
  return count;
}

/** A RunTask client token's record: the request's hash and what it answered. */
interface RunTokenDoc { hash: string; taskKeys: string[]; failures: Failure[] }

export function makeTaskOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store, clock } = deps;

  function findTask(tx: ReadTx, scope: Scope, cluster: string, ref: string) {
    if (isForeignArn(ref, scope)) return undefined;
    const id = ref.startsWith('arn:') ? nameFromRef(ref, 'task').split('/').pop()! : ref;
    return tx.get<TaskDoc>(KIND.task, taskKey(scope, cluster, id));
  }

  function runIdempotent(tx: Tx, scope: Scope, input: RunTaskRequest, run: () => { tasks: TaskDoc[]; failures: Failure[] }) {
    if (!input.clientToken) return run();
    const hash = createHash('sha256').update(JSON.stringify({ ...input, clientToken: undefined })).digest('hex');
    const key = `${scopePrefix(scope)}${input.clientToken}`;
    const prior = tx.get<RunTokenDoc>('ecs/run-task-token', key);
    if (prior) {
      if (prior.doc.hash !== hash) throw clientError('ConflictException', 'The specified client token has already been used with different parameters.', { resourceIds: [] });
      return { tasks: prior.doc.taskKeys.map((k) => tx.get<TaskDoc>(KIND.task, k)!.doc), failures: prior.doc.failures };
    }
    const result = run();
    const token: RunTokenDoc = {
      hash, failures: result.failures,
      taskKeys: result.tasks.map((t) => taskKey(scope, t.clusterArn.split('/').pop()!, t.taskArn.split('/').pop()!)),
    };
    tx.put('ecs/run-task-token', key, token);
    return result;
  }

  /** AWS refuses to start tasks with a task role ECS cannot assume. */
  function checkTaskRole(scope: Scope, clusterName: string, td: TaskDefinitionDoc, input: LaunchRequest): void {
    const roleArn = input.overrides?.taskRoleArn ?? td.taskRoleArn;
    if (!roleArn || !deps.roles) return;
    const refusal = deps.roles.refusal(roleArn, { ...scope, taskArn: taskArn(scope, clusterName, 'new') });
    if (refusal) throw clientError('ClientException', refusal);
  }

  return {
    RunTask(input, ctx) {
      const scope = scopeOf(ctx);
      const count = checkRequest(input);
      return store.transact((tx) => runIdempotent(tx, scope, input, () => {
        const cluster = requireCluster(tx, scope, input.cluster);
        const td = requireActiveDefinition(tx, scope, input.taskDefinition);
        checkTaskRole(scope, cluster.clusterName, td, input);
        const instances = listInstances(tx, scope, cluster.clusterName).filter((i) => i.status === 'ACTIVE');
        const wantsEc2 = launchPlan(input, cluster, 1)[0].launchType === 'EC2';
        if (wantsEc2 && instances.length === 0) throw clientError('InvalidParameterException', 'No Container Instances were found in your cluster.');
        return createTasks(tx, scope, cluster, td, input, count, instances, clock.now(), deps.hostAccess);
      }));
    },

    StartTask(input, ctx) {
      const scope = scopeOf(ctx);
      const refs = input.containerInstances;
      if (refs.length === 0 || refs.length > 10) throw clientError('InvalidParameterException', 'containerInstances must contain between 1 and 10 items.');
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster);
        const td = requireActiveDefinition(tx, scope, input.taskDefinition);
        checkTaskRole(scope, cluster.clusterName, td, input);
        const all = listInstances(tx, scope, cluster.clusterName);
        const tasks: TaskDoc[] = [];
        const failures: Failure[] = [];
        for (const ref of refs) {
          const inst = all.find((i) => i.containerInstanceArn === ref || i.containerInstanceArn.endsWith(`/${ref}`));
          if (!inst || inst.status === 'INACTIVE') {
            failures.push({ arn: ref, reason: 'MISSING' });
            continue;
          }
          const r = createTasks(tx, scope, cluster, td, { ...input, launchType: 'EC2', capacityProviderStrategy: undefined }, 1, [inst], clock.now(), deps.hostAccess);
          tasks.push(...r.tasks);
          failures.push(...r.failures);
        }
        return { tasks, failures };
      });
    },

    StopTask(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster);
        const rec = findTask(tx, scope, cluster.clusterName, input.task);
        if (!rec) throw clientError('InvalidParameterException', 'The referenced task was not found.');
        if (rec.doc.desiredStatus === 'STOPPED') return { task: rec.doc };
        const task: TaskDoc = {
          ...rec.doc,
          desiredStatus: 'STOPPED',
          stopCode: 'UserInitiated',
          stoppedReason: capReason(input.reason ?? 'Task stopped by user'),
          stoppingAt: clock.now().toISOString(),
          version: rec.doc.version + 1,
        };
        tx.put(KIND.task, rec.id, task, rec.version);
        return { task };
      });
    },

    DescribeTasks(input, ctx) {
      const scope = scopeOf(ctx);
      const refs = input.tasks;
      if (refs.length === 0) throw clientError('InvalidParameterException', 'Tasks cannot be empty.');
      if (refs.length > 100) throw clientError('InvalidParameterException', 'Tasks can have at most 100 items.');
      const cluster = requireCluster(store, scope, input.cluster);
      const withTags = input.include?.includes('TAGS');
      const tasks: Task[] = [];
      const failures: Failure[] = [];
      for (const ref of refs) {
        const rec = findTask(store, scope, cluster.clusterName, ref);
        // Without TAGS AWS still returns the list, empty.
        if (rec) tasks.push(withTags ? rec.doc : { ...rec.doc, tags: [] });
        else failures.push({ arn: ref, reason: 'MISSING' });
      }
      return { tasks, failures };
    },

    ListTasks(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster);
      const service = input.serviceName ? nameFromRef(input.serviceName, 'service').split('/').pop()! : undefined;
      const group = service ? serviceGroup(service) : undefined;
      if (service && (isForeignArn(input.serviceName ?? '', scope) || !store.get(KIND.service, serviceKey(scope, cluster.clusterName, service)))) {
        throw clientError('ServiceNotFoundException', 'Service not found.');
      }
      const desired = input.desiredStatus ?? 'RUNNING';
      const instance = input.containerInstance;
      const matches = (t: TaskDoc) =>
        t.desiredStatus === desired &&
        (!group || t.group === group) &&
        (!input.family || t.berth.family === input.family) &&
        (!input.startedBy || t.startedBy === input.startedBy) &&
        (!input.launchType || t.launchType === input.launchType) &&
        (!instance || t.containerInstanceArn === instance || (t.containerInstanceArn ?? '').endsWith(`/${instance}`));
      const instanceId = instance?.slice(instance.lastIndexOf('/') + 1);
      // The most selective filter picks the index key; the others are checked on what it yields.
      const narrowest = group ? `|group:${group}` : input.startedBy ? `|startedBy:${input.startedBy}` : instanceId ? `|instance:${instanceId}` : input.family ? `|family:${input.family}` : '';
      const key = TASK_KEYS.desired(`${scopePrefix(scope)}${cluster.clusterName}`, desired, narrowest);
      const filters = [group, input.startedBy, instanceId, input.family, input.launchType].filter((f) => f !== undefined).length;
      if (filters <= (narrowest ? 1 : 0)) {
        // The index key alone answers: a page of ids, no documents read.
        const ids = pageFrom((after, limit) => listTaskIds(store, key, after, limit), (id) => id, () => true, input.nextToken, input.maxResults, 100);
        return { taskArns: ids.items.map((id) => taskArn(scope, cluster.clusterName, id.slice(id.lastIndexOf('/') + 1))), nextToken: ids.nextToken };
      }
      const p = pageFrom((after, limit) => listTasks(store, key, after, limit), (r) => r.id, (r) => matches(r.doc), input.nextToken, input.maxResults, 100);
      return { taskArns: p.items.map((r) => r.doc.taskArn), nextToken: p.nextToken };
    },
  };
}
