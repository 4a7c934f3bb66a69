/**
 * Pure construction of new tasks: applying RunTask overrides to a task definition,
 * validating the network configuration, and shaping the initial Task document.
 */
import { AwsVpcConfiguration, KeyValuePair, TaskOverride } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { hexId, uuid } from '../../../platform/ids.js';
import { Scope, taskArn, arn } from './names.js';
import { Tag } from './tags.js';
import { ContainerDef } from './task-definition-rules.js';
import { TaskDefinitionDoc } from './task-definitions.js';
import { Attachment, AwsVpcConfig, ContainerDoc, TaskDoc, TaskSpec } from './task-doc.js';

function mergeEnvironment(base: KeyValuePair[] = [], extra: KeyValuePair[] = []) {
  const byName = new Map(base.map((e) => [e.name, e]));
  for (const e of extra) byName.set(e.name, e);
  return [...byName.values()];
}

export function applyOverrides(containers: ContainerDef[], overrides: TaskOverride | undefined): ContainerDef[] {
  const list = overrides?.containerOverrides ?? [];
  for (const o of list) {
    if (!containers.some((c) => c.name === o.name)) {
      throw clientError('InvalidParameterException', `Override for container named ${o.name} is not a container in the TaskDefinition.`);
    }
  }
  return containers.map((c) => {
    const o = list.find((x) => x.name === c.name);
    if (!o) return c;
    return {
      ...c,
      command: o.command ?? c.command,
      environment: mergeEnvironment(c.environment, o.environment),
      cpu: o.cpu ?? c.cpu,
      memory: o.memory ?? c.memory,
      memoryReservation: o.memoryReservation ?? c.memoryReservation,
    };
  });
}

const SUBNET_RE = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SG_RE = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function validateAwsVpc(cfg: AwsVpcConfiguration | undefined, fargate: boolean): AwsVpcConfig {
  if (!cfg) throw clientError('InvalidParameterException', "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  const subnets = cfg.subnets;
  if (subnets.length === 0) throw clientError('InvalidParameterException', 'subnets can not be empty.');
  if (subnets.length > 16) throw clientError('InvalidParameterException', 'At most 16 subnets can be specified.');
  for (const s of subnets) {
    if (!SUBNET_RE.test(s)) throw clientError('InvalidParameterException', `Error retrieving subnet information for [${s}]: The subnet ID '${s}' is malformed`);
  }
  const groups = cfg.securityGroups ?? [];
  if (groups.length > 5) throw clientError('InvalidParameterException', 'At most 5 security groups can be specified.');
  for (const g of groups) {
    if (!SG_RE.test(g)) throw clientError('InvalidParameterException', `Error retrieving security group information for [${g}]: The security group ID '${g}' is malformed`);
  }
  if (cfg.assignPublicIp === 'ENABLED' && !fargate) {
    throw clientError('InvalidParameterException', 'Assign public IP is not supported for this launch type.');
  }
  return { subnets, securityGroups: groups, assignPublicIp: cfg.assignPublicIp ?? 'DISABLED' };
}

/** AWS shows one containerOverrides entry per container (just its name when not overridden). */
function taskOverridesView(containers: ContainerDef[], overrides: TaskOverride | undefined): TaskDoc['overrides'] {
  const given = overrides?.containerOverrides ?? [];
  return {
    ...(overrides ?? {}),
    containerOverrides: containers.map((c) => given.find((o) => o.name === c.name) ?? { name: c.name }),
    inferenceAcceleratorOverrides: [],
  };
}

export interface NewTaskInput {
  scope: Scope;
  clusterName: string;
  clusterArn: string;
  td: TaskDefinitionDoc;
  overrides?: TaskOverride;
  launchType: 'EC2' | 'FARGATE';
  capacityProviderName?: string;
  platformVersion?: string;
  awsvpc?: AwsVpcConfig;
  containerInstanceArn?: string;
  group?: string;
  startedBy?: string;
  tags: Tag[];
  enableExecuteCommand?: boolean;
  now: Date;
  loadBalancers?: TaskSpec['loadBalancers'];
}

function containerDoc(scope: Scope, cluster: string, taskId: string, tArn: string, c: ContainerDef): ContainerDoc {
  return {
    containerArn: arn(scope, `container/${cluster}/${taskId}/${uuid()}`),
    taskArn: tArn,
    name: c.name!,
    image: c.image!,
    lastStatus: 'PENDING',
    networkBindings: [],
    networkInterfaces: [],
    healthStatus: 'UNKNOWN',
    cpu: String(c.cpu ?? 0),
    memory: c.memory === undefined ? undefined : String(c.memory),
    memoryReservation: c.memoryReservation === undefined ? undefined : String(c.memoryReservation),
  };
}

/** Task-level cpu and memory as AWS reports them: the definition's or overrides', else the containers' sums (EC2). */
function reportedSize(containers: ContainerDef[], cpu: string | undefined, memory: string | undefined) {
  return {
    cpu: cpu ?? String(containers.reduce((n, c) => n + (c.cpu ?? 0), 0)),
    memory: memory ?? String(containers.reduce((n, c) => n + (c.memory ?? c.memoryReservation ?? 0), 0)),
  };
}

/** AWS shows the task's ENI from RunTask on, PRECREATED in its subnet; the task controller attaches it. */
function precreatedEni(awsvpc: AwsVpcConfig): Attachment {
  return { id: uuid(), type: 'ElasticNetworkInterface', status: 'PRECREATED', details: [{ name: 'subnetId', value: awsvpc.subnets[0] }] };
}

export function newTask(input: NewTaskInput): TaskDoc {
  const { scope, clusterName, td, now } = input;
  const id = hexId();
  const tArn = taskArn(scope, clusterName, id);
  const containers = applyOverrides(td.containerDefinitions, input.overrides);
  const cpu = input.overrides?.cpu ?? td.cpu;
  const memory = input.overrides?.memory ?? td.memory;
  const fargate = input.launchType === 'FARGATE';
  const storageGiB = input.overrides?.ephemeralStorage?.sizeInGiB ?? 20;
  const spec: TaskSpec = {
    family: td.family,
    revision: td.revision,
    networkMode: td.networkMode ?? 'bridge',
    containers,
    volumes: td.volumes ?? [],
    cpu: cpu === undefined ? undefined : Number(cpu),
    memory: memory === undefined ? undefined : Number(memory),
    fargate,
    executionRoleArn: input.overrides?.executionRoleArn ?? td.executionRoleArn,
    taskRoleArn: input.overrides?.taskRoleArn ?? td.taskRoleArn,
    agent: { credentials: hexId(16), metadata: hexId(16) },
    awsvpc: input.awsvpc,
    loadBalancers: input.loadBalancers,
  };
  return {
    taskArn: tArn,
    clusterArn: input.clusterArn,
    taskDefinitionArn: td.taskDefinitionArn,
    containerInstanceArn: input.containerInstanceArn,
    capacityProviderName: input.capacityProviderName,
    launchType: input.launchType,
    platformVersion: fargate ? (input.platformVersion === undefined || input.platformVersion === 'LATEST' ? '1.4.0' : input.platformVersion) : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    availabilityZone: `${scope.region}a`,
    attachments: input.awsvpc ? [precreatedEni(input.awsvpc)] : [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    containers: containers.map((c) => containerDoc(scope, clusterName, id, tArn, c)),
    ...reportedSize(containers, cpu, memory),
    createdAt: now.toISOString(),
    desiredStatus: 'RUNNING',
    lastStatus: spec.networkMode === 'awsvpc' ? 'PROVISIONING' : 'PENDING',
    group: input.group ?? `family:${td.family}`,
    startedBy: input.startedBy,
    overrides: taskOverridesView(td.containerDefinitions, input.overrides),
    tags: input.tags,
    version: 1,
    healthStatus: 'UNKNOWN',
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    ephemeralStorage: fargate ? { sizeInGiB: storageGiB } : undefined,
    fargateEphemeralStorage: fargate ? { sizeInGiB: storageGiB } : undefined,
    berth: spec,
  };
}
