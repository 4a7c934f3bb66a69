/**
 * Which ECS resources a call touches, for IAM: clusters, services, tasks, container
 * instances, task definitions and capacity providers as named in the input (names or
 * ARNs), and the `ecs:cluster` condition key. Which of them an operation is authorized on
 * comes from the action table (src/iam/call-scope.ts).
 */
import { callScope, CallPlace, strings } from '../../../iam/call-scope.js';
import { arn } from '../domain/names.js';

type Input = Record<string, unknown>;

/** The cluster a call names (AWS's default cluster when it names none), as a name. */
function clusterName(input: Input): string {
  const ref = typeof input.cluster === 'string' ? input.cluster : 'default';
  return ref.startsWith('arn:') ? ref.slice(ref.indexOf(':cluster/') + ':cluster/'.length) : ref;
}

/** Names become ARNs in the caller's account and region; ARNs stay as given. */
const arns = (refs: string[], ctx: CallPlace, resource: (name: string) => string) =>
  refs.map((ref) => (ref.startsWith('arn:') ? ref : arn(ctx, resource(ref))));

function clusters(input: Input, ctx: CallPlace): string[] {
  const named = [...strings(input.clusters), ...strings(input.clusterName)];
  return arns(named.length > 0 ? named : [typeof input.cluster === 'string' ? input.cluster : 'default'], ctx, (n) => `cluster/${n}`);
}

const inCluster = (type: string, ...members: string[]) => (input: Input, ctx: CallPlace) =>
  arns(members.flatMap((m) => strings(input[m])), ctx, (n) => `${type}/${clusterName(input)}/${n}`);

function taskDefinitions(input: Input, ctx: CallPlace): string[] {
  // A family without a revision names every revision of it.
  return arns([...strings(input.taskDefinition), ...strings(input.family)], ctx, (ref) => `task-definition/${ref.includes(':') ? ref : `${ref}:*`}`);
}

/** PutAttributes and DeleteAttributes name their container instances in each attribute's targetId. */
function attributeTargets(input: Input, ctx: CallPlace): string[] {
  const targets = Array.isArray(input.attributes) ? input.attributes.flatMap((a) => strings((a as Input)?.targetId)) : [];
  return arns([...new Set(targets)], ctx, (id) => `container-instance/${clusterName(input)}/${id}`);
}

export const ecsCallScope = callScope('ecs', {
  builders: {
    cluster: clusters,
    service: inCluster('service', 'service', 'services', 'serviceName'),
    task: inCluster('task', 'task', 'tasks'),
    'container-instance': (input: Input, ctx: CallPlace) => [
      ...inCluster('container-instance', 'containerInstance', 'containerInstances')(input, ctx),
      ...attributeTargets(input, ctx),
    ],
    'task-definition': taskDefinitions,
    'capacity-provider': (input, ctx) => arns([...strings(input.capacityProvider), ...strings(input.capacityProviders)], ctx, (n) => `capacity-provider/${n}`),
  },
  conditions: (input, ctx) => ({ 'ecs:cluster': arn(ctx, `cluster/${clusterName(input)}`) }),
});
