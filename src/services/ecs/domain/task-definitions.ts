/** Task definition records: defaults AWS fills in, and lookups by family, revision or ARN. */
import { Attribute, TaskDefinition } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { isForeignArn, KIND, parseTaskDefinitionRef, scopePrefix, Scope, taskDefinitionKey } from './names.js';
import { Tag } from './tags.js';
import { ContainerDef, TaskDefInput } from './task-definition-rules.js';

/**
 * The stored task definition: the wire TaskDefinition with the members Berth always sets,
 * plus its `tags`, which travel beside the definition on the wire, never inside.
 */
export interface TaskDefinitionDoc extends TaskDefinition {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  containerDefinitions: ContainerDef[];
  status: NonNullable<TaskDefinition['status']>;
  compatibilities: NonNullable<TaskDefinition['compatibilities']>;
  requiresAttributes: Attribute[];
  registeredAt: string;
  registeredBy: string;
  deregisteredAt?: string;
  deleteRequestedAt?: string;
  tags: Tag[];
}

export function withContainerDefaults(c: ContainerDef, networkMode: string): ContainerDef {
  return {
    ...c,
    cpu: c.cpu ?? 0,
    essential: c.essential ?? true,
    portMappings: (c.portMappings ?? []).map((pm) => ({
      ...pm,
      hostPort: pm.hostPort ?? (networkMode === 'awsvpc' || networkMode === 'host' ? pm.containerPort : undefined),
      protocol: pm.protocol ?? 'tcp',
    })),
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
    systemControls: c.systemControls ?? [],
  };
}

/** The capability attributes AWS records for the features a definition uses. */
export function requiredAttributes(td: TaskDefInput): Attribute[] {
  const names = new Set<string>(['com.amazonaws.ecs.capability.docker-remote-api.1.18']);
  if (td.networkMode === 'awsvpc') names.add('ecs.capability.task-eni');
  if (td.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role');
  if (td.executionRoleArn) names.add('ecs.capability.execution-role-ecr-pull');
  for (const c of td.containerDefinitions) {
    if (c.healthCheck) names.add('ecs.capability.container-health-check');
    if (c.dependsOn?.length) names.add('ecs.capability.container-ordering');
    if (c.linuxParameters?.initProcessEnabled) names.add('com.amazonaws.ecs.capability.docker-remote-api.1.25');
    if (c.dockerLabels) names.add('com.amazonaws.ecs.capability.docker-remote-api.1.18');
  }
  return [...names].map((name) => ({ name }));
}

export function findTaskDefinition(tx: ReadTx, scope: Scope, ref: string): TaskDefinitionDoc | undefined {
  if (isForeignArn(ref, scope)) return undefined;
  const { family, revision } = parseTaskDefinitionRef(ref);
  if (revision !== undefined) return tx.get<TaskDefinitionDoc>(KIND.taskDefinition, taskDefinitionKey(scope, family, revision))?.doc;
  const all = tx.list<TaskDefinitionDoc>(KIND.taskDefinition, { prefix: `${scopePrefix(scope)}${family}/` });
  // Without a revision, the latest ACTIVE revision is meant.
  return all.reverse().find((r) => r.doc.status === 'ACTIVE')?.doc;
}

export function requireTaskDefinition(tx: ReadTx, scope: Scope, ref: string): TaskDefinitionDoc {
  const td = findTaskDefinition(tx, scope, ref);
  if (!td) throw clientError('ClientException', 'Unable to describe task definition.');
  return td;
}

