/**
 * The stored ECS service: the Service wire shape plus `berth` (scheduler bookkeeping).
 * Deployments carry their own configuration (the service revision) so that a rollback
 * can return to it. Task counts are derived from the tasks when read, never stored.
 */
import { randomInt } from 'node:crypto';
import {
  CapacityProviderStrategyItem, DeploymentCircuitBreaker, DeploymentConfiguration, DeploymentController, NetworkConfiguration,
  PlacementConstraint, PlacementStrategy, Service, ServiceRegistry,
} from '../../../protocol/generated/ecs.js';
import { ServiceLoadBalancer } from './task-doc.js';
import { arn, Scope, scopePrefix } from './names.js';
import { Tag } from './tags.js';

/** The service's DeploymentConfiguration with the members the scheduler reads always set. */
export interface DeploymentConfig extends DeploymentConfiguration {
  maximumPercent: number;
  minimumHealthyPercent: number;
  deploymentCircuitBreaker: DeploymentCircuitBreaker;
}

/** What a deployment runs: the parts of a service that start a new deployment when changed. */
export interface Revision {
  taskDefinition: string;
  launchType?: Service['launchType'];
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
  platformFamily?: string;
  networkConfiguration?: NetworkConfiguration;
  loadBalancers: ServiceLoadBalancer[];
}

export interface DeploymentDoc extends Revision {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  desiredCount: number;
  failedTasks: number;
  createdAt: string;
  updatedAt: string;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  berth: {
    countedFailures: string[]; everHealthy: boolean; serviceDeploymentArn: string; serviceRevisionArn: string;
    /** With deployment alarms: when the deployment settled and its bake began (ISO 8601). */
    bakeStartedAt?: string;
  };
}

export interface ServiceEvent { id: string; createdAt: string; message: string }

export interface ServiceDoc extends Revision {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  deploymentConfiguration: DeploymentConfig;
  roleArn?: string;
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  deploymentController: DeploymentController;
  placementConstraints: PlacementConstraint[];
  placementStrategy: PlacementStrategy[];
  serviceRegistries: ServiceRegistry[];
  tags: Tag[];
  createdAt: string;
  createdBy: string;
  enableECSManagedTags: boolean;
  propagateTags: NonNullable<Service['propagateTags']>;
  enableExecuteCommand: boolean;
  availabilityZoneRebalancing: NonNullable<Service['availabilityZoneRebalancing']>;
  deployments: DeploymentDoc[];
  events: ServiceEvent[];
  currentServiceDeployment?: string;
  berth: {
    /** Bumped by every API write, so the scheduler reacts to requests and not to its own writes. */
    generation: number;
    steady: boolean;
    lastCompletedDeploymentId?: string;
    /** Revisions of earlier deployments, for rollbacks, by deployment id. */
    revisions: Record<string, Revision>;
  };
}

export const serviceKey = (s: Scope, cluster: string, name: string) => `${scopePrefix(s)}${cluster}/${name}`;
export const serviceArn = (s: Scope, cluster: string, name: string) => arn(s, `service/${cluster}/${name}`);

/** ECS deployment ids look like ecs-svc/ followed by 19 digits. */
export function newDeploymentId(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 19) digits += String(randomInt(0, 10));
  return `ecs-svc/${digits}`;
}

export function revisionOf(d: Revision): Revision {
  return {
    taskDefinition: d.taskDefinition, launchType: d.launchType, capacityProviderStrategy: d.capacityProviderStrategy,
    platformVersion: d.platformVersion, platformFamily: d.platformFamily, networkConfiguration: d.networkConfiguration,
    loadBalancers: d.loadBalancers,
  };
}

export const MAX_EVENTS = 100;

/** Adds events newest first, skipping a message identical to the newest (AWS suppresses repeats), capped at 100. */
export function withEvents(events: ServiceEvent[], messages: string[], now: Date, id: () => string): ServiceEvent[] {
  let out = events;
  for (const message of messages) {
    if (out[0]?.message === message) continue;
    out = [{ id: id(), createdAt: now.toISOString(), message }, ...out];
  }
  return out.slice(0, MAX_EVENTS);
}
