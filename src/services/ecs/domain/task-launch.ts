/**
 * Launching tasks, shared by RunTask/StartTask and the service scheduler: launch type
 * and capacity provider per task, Fargate checks, network configuration, placement on
 * the container instances, and the new task records.
 */
import { Failure, RunTaskRequest } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { instancesOfProvider, isManagedProvider, pickProvider, validateStrategy } from './capacity-providers.js';
import { capacityProviderArn } from './capacity-provider-records.js';
import { ClusterDoc } from './clusters.js';
import { candidateOf, ContainerInstanceDoc } from './container-instances.js';
import { hostAccessProblem } from './host-access.js';
import { HostAccessPolicy } from '../../../platform/config.js';
import { KIND, Scope, taskKey } from './names.js';
import { taskDemand } from './placement.js';
import {
  Constraint, placeTasks, serviceStrategy, Strategy, validatePlacementConstraints, validatePlacementStrategy,
  validateTaskDefinitionConstraints,
} from './placement/index.js';
import { validateTags } from './tags.js';
import { findTaskDefinition, TaskDefinitionDoc } from './task-definitions.js';
import { ServiceLoadBalancer, TaskDoc } from './task-doc.js';
import { newTask, validateAwsVpc } from './task-factory.js';
import { fargateIncompatibility } from './task-definition-rules.js';
import { unsupportedFeature } from './unsupported.js';

export function requireActiveDefinition(tx: ReadTx, scope: Scope, ref: string): TaskDefinitionDoc {
  const td = findTaskDefinition(tx, scope, ref);
  if (!td) throw clientError('ClientException', 'Unable to describe task definition.');
  if (td.status !== 'ACTIVE') throw clientError('ClientException', `TaskDefinition is inactive`);
  const unsupported = unsupportedFeature(td);
  if (unsupported) throw clientError('ClientException', `Berth cannot run this task definition: ${unsupported}.`);
  return td;
}

/** What a launch takes from RunTask or StartTask, or from the service scheduler, which adds `loadBalancers`. */
export type LaunchRequest = Pick<RunTaskRequest,
  'launchType' | 'capacityProviderStrategy' | 'networkConfiguration' | 'overrides' | 'platformVersion' | 'group' | 'startedBy' |
  'tags' | 'propagateTags' | 'enableECSManagedTags' | 'enableExecuteCommand' | 'placementStrategy' | 'placementConstraints'> & {
    loadBalancers?: ServiceLoadBalancer[];
    /** Service launches: spread across zones, then instances, unless the service names its strategy (AWS's default). */
    service?: boolean;
  };

/** Why a task could not be placed; the reason is always known. */
export interface LaunchFailure extends Failure { reason: string }

/** Which launch type and provider each of `count` tasks gets. */
export function launchPlan(input: LaunchRequest, cluster: ClusterDoc, count: number): { launchType: 'EC2' | 'FARGATE'; provider?: string }[] {
  const { launchType, capacityProviderStrategy } = input;
  if (launchType && capacityProviderStrategy?.length) {
    throw clientError('InvalidParameterException', 'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  if (launchType === 'EXTERNAL' || launchType === 'MANAGED_INSTANCES') {
    throw clientError('InvalidParameterException', `Berth does not support launch type ${launchType} yet.`);
  }
  const strategy = launchType ? [] : (capacityProviderStrategy?.length
    ? validateStrategy(capacityProviderStrategy, cluster.capacityProviders)
    : cluster.defaultCapacityProviderStrategy);
  if (strategy.length === 0) return Array.from({ length: count }, () => ({ launchType: launchType ?? 'EC2' }));
  const placed: Record<string, number> = {};
  return Array.from({ length: count }, () => {
    const provider = pickProvider(strategy, placed);
    placed[provider] = (placed[provider] ?? 0) + 1;
    return { launchType: isManagedProvider(provider) ? 'FARGATE' as const : 'EC2' as const, provider };
  });
}

/** Places tasks on EC2 instances (the local engine, the operator's hosts) or Fargate and records them; returns tasks and failures. */
export function createTasks(tx: Tx, scope: Scope, cluster: ClusterDoc, td: TaskDefinitionDoc, input: LaunchRequest, count: number,
  instances: ContainerInstanceDoc[], now: Date, hostAccess: HostAccessPolicy): { tasks: TaskDoc[]; failures: LaunchFailure[] } {
  const plan = launchPlan(input, cluster, count);
  // Checked here as well as at registration: the operator may have tightened the policy since.
  const denied = hostAccessProblem(td, hostAccess);
  if (denied) throw clientError('ClientException', denied);
  const tags = [...validateTags(input.propagateTags === 'TASK_DEFINITION' ? [...td.tags, ...(input.tags ?? [])] : input.tags)];
  // ECS adds its managed tags after validation; users may not set aws: keys themselves.
  if (input.enableECSManagedTags) tags.push({ key: 'aws:ecs:clusterName', value: cluster.clusterName });
  const tasks: TaskDoc[] = [];
  const failures: LaunchFailure[] = [];
  const networkMode = td.networkMode ?? 'bridge';
  const placement = placementRules(input, td);
  for (const { launchType, provider } of plan) {
    const fargate = launchType === 'FARGATE';
    if (fargate && fargateIncompatibility({ ...td, cpu: input.overrides?.cpu ?? td.cpu, memory: input.overrides?.memory ?? td.memory })) {
      throw clientError('InvalidParameterException', 'Task definition does not support launch_type FARGATE.');
    }
    if (networkMode !== 'awsvpc' && input.networkConfiguration) {
      throw clientError('InvalidParameterException', 'Network Configuration is not valid for the given networkMode of this task definition.');
    }
    const awsvpc = networkMode === 'awsvpc' ? validateAwsVpc(input.networkConfiguration?.awsvpcConfiguration, fargate) : undefined;
    const task = newTask({
      scope, clusterName: cluster.clusterName, clusterArn: cluster.clusterArn, td, overrides: input.overrides, launchType,
      capacityProviderName: provider, platformVersion: input.platformVersion, awsvpc, group: input.group,
      startedBy: input.startedBy, tags, enableExecuteCommand: input.enableExecuteCommand, now,
      loadBalancers: input.loadBalancers,
    });
    if (!fargate) {
      // An Auto Scaling group provider places only on the instances of its host group.
      const candidates = provider ? instancesOfProvider(tx, scope, provider, instances) : instances;
      const target = provider && !candidates.some((i) => i.status === 'ACTIVE')
        ? { arn: capacityProviderArn(scope, provider), reason: 'MISSING', detail: 'The capacity provider has no ACTIVE container instance in this cluster.' }
        : placeOnInstance(tx, scope, cluster.clusterName, candidates, task, tasks, placement);
      if ('reason' in target) {
        failures.push(target);
        continue;
      }
      task.containerInstanceArn = target.containerInstanceArn;
      if (target.hostId) task.berth.hostId = target.hostId;
    }
    tx.put(KIND.task, taskKey(scope, cluster.clusterName, task.taskArn.split('/').pop()!), task, 0);
    tasks.push(task);
  }
  return { tasks, failures };
}

/** The strategies and constraints of a launch: the call's (or the service's default) and the task definition's. */
function placementRules(input: LaunchRequest, td: TaskDefinitionDoc): { strategies: readonly Strategy[]; constraints: Constraint[] } {
  const strategies = validatePlacementStrategy(input.placementStrategy);
  return {
    strategies: input.service ? serviceStrategy(strategies) : strategies,
    constraints: [...validatePlacementConstraints(input.placementConstraints), ...validateTaskDefinitionConstraints(td.placementConstraints)],
  };
}

function placeOnInstance(tx: ReadTx, scope: Scope, cluster: string, instances: ContainerInstanceDoc[], task: TaskDoc, placedNow: TaskDoc[],
  rules: { strategies: readonly Strategy[]; constraints: Constraint[] }): ContainerInstanceDoc | LaunchFailure {
  const result = placeTasks(instances.map((i) => candidateOf(tx, scope, cluster, i, placedNow)), {
    count: 1, demand: taskDemand(task.berth), group: task.group ?? `family:${task.berth.family}`,
    requiredAttributes: task.berth.networkMode === 'awsvpc' ? ['ecs.capability.task-eni'] : [],
    strategies: rules.strategies, constraints: rules.constraints, random: Math.random,
  });
  const arn = result.placements[0];
  return instances.find((i) => i.containerInstanceArn === arn) ?? result.failures[0] ?? { arn: instances[0]?.containerInstanceArn, reason: 'RESOURCE:CPU' };
}
