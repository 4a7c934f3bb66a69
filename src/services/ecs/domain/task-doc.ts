/**
 * The stored task: the ECS Task wire shape plus `berth`, the effective specification
 * (task definition with overrides applied) that the task controller runs. The wire
 * serializer only emits model members, so `berth` never reaches clients.
 */
import { Attribute, Container, LoadBalancer, Tag, Task, TaskDefinition, TaskOverride } from '../../../protocol/generated/ecs.js';
import { AgentSecrets } from './agent-endpoint.js';
import { ContainerDef, VolumeDef } from './task-definition-rules.js';

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'ACTIVATING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'DEPROVISIONING' | 'STOPPED';
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
export type StopCode = NonNullable<Task['stopCode']>;

export interface NetworkBinding { bindIP: string; containerPort: number; hostPort: number; protocol: 'tcp' | 'udp' }

/** A task's container: the wire Container with the members Berth always sets. */
export interface ContainerDoc extends Container {
  containerArn: string;
  taskArn: string;
  name: string;
  image: string;
  imageDigest?: string;
  runtimeId?: string;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  networkBindings: NetworkBinding[];
  networkInterfaces: { attachmentId: string; privateIpv4Address: string }[];
  healthStatus: HealthStatus;
  cpu: string;
  memory?: string;
  memoryReservation?: string;
}

export interface Attachment { id: string; type: string; status: string; details: { name: string; value: string }[] }

export interface AwsVpcConfig { subnets: string[]; securityGroups: string[]; assignPublicIp: 'ENABLED' | 'DISABLED' }

export interface TaskSpec {
  family: string;
  revision: number;
  networkMode: NonNullable<TaskDefinition['networkMode']>;
  containers: ContainerDef[];
  volumes: VolumeDef[];
  /** Task-level size in CPU units and MiB, after overrides. */
  cpu?: number;
  memory?: number;
  fargate: boolean;
  /** The roles in effect (the definition's unless overridden): the agent's, and the task's own. */
  executionRoleArn?: string;
  taskRoleArn?: string;
  /** The secrets of the task's credentials and metadata endpoint ids (agent-endpoint.ts); never on the wire. */
  agent?: AgentSecrets;
  awsvpc?: AwsVpcConfig;
  /** Docker network the task's ENI lives on (awsvpc). */
  networkName?: string;
  /** Target groups the task registers with while RUNNING (service tasks). */
  loadBalancers?: ServiceLoadBalancer[];
  /** Targets this task registered, so it deregisters exactly those before stopping. */
  registeredTargets?: { targetGroupArn: string; id: string; port: number }[];
  /** When the task's targets were deregistered (draining started). */
  deregisteredAt?: string;
  /** The remote Docker host (domain/hosts.ts) the task runs on; absent: the local engine. */
  hostId?: string;
}

/** What Berth keeps of a service's LoadBalancer. */
export type ServiceLoadBalancer = Pick<LoadBalancer, 'targetGroupArn' | 'loadBalancerName' | 'containerName' | 'containerPort'>;

/** The stored task: the wire Task with the members Berth always sets (timestamps as ISO strings). */
export interface TaskDoc extends Task {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  containerInstanceArn?: string;
  capacityProviderName?: string;
  launchType: 'EC2' | 'FARGATE' | 'EXTERNAL';
  platformVersion?: string;
  platformFamily?: string;
  availabilityZone: string;
  attachments: Attachment[];
  attributes: Attribute[];
  containers: ContainerDoc[];
  cpu?: string;
  memory?: string;
  createdAt: string;
  desiredStatus: 'RUNNING' | 'STOPPED';
  lastStatus: TaskStatus;
  group: string;
  startedBy?: string;
  overrides: TaskOverride;
  tags: Tag[];
  version: number;
  healthStatus: HealthStatus;
  enableExecuteCommand: boolean;
  connectivity?: 'CONNECTED' | 'DISCONNECTED';
  connectivityAt?: string;
  pullStartedAt?: string;
  pullStoppedAt?: string;
  startedAt?: string;
  stoppingAt?: string;
  executionStoppedAt?: string;
  stoppedAt?: string;
  stopCode?: StopCode;
  stoppedReason?: string;
  ephemeralStorage?: { sizeInGiB: number };
  fargateEphemeralStorage?: { sizeInGiB: number };
  berth: TaskSpec;
}

/** A task that still holds resources: not yet STOPPED. */
export function isActiveTask(t: TaskDoc): boolean {
  return t.lastStatus !== 'STOPPED';
}

/** AWS caps task and container reasons at 1,024 characters. */
export function capReason(reason: string): string {
  return reason.length > 1024 ? reason.slice(0, 1024) : reason;
}
