/**
 * What the ECS fidelity replay needs from a running Berth: raw wire calls (the JSON a
 * client receives, before any SDK drops or renames members) and the resources an
 * example's call presupposes: clusters, capacity providers, task definitions, services
 * with running tasks.
 */
import { randomUUID } from 'node:crypto';
import { ecsJson, sendRaw } from './signed-http.js';
import { eventually } from './berth-process.js';

/** A wire response; the replay reads it loosely, as a client would. */
export type Wire = any;

/** A container health check that passes at once: a service counts such tasks healthy within seconds, not 40 s. */
export const HEALTHY = { healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 1 } };

export const AWSVPC_CONFIG = { awsvpcConfiguration: { subnets: ['subnet-12344321'], securityGroups: ['sg-12344321'] } };

export class EcsFixtures {
  private serial = 0;

  constructor(private readonly endpoint: string, readonly image: string) {}

  /** One ECS call; anything but HTTP 200 throws with AWS's error body. */
  async call(operation: string, input: object = {}): Promise<Wire> {
    const reply = await sendRaw(this.endpoint, { service: 'ecs', headers: ecsJson(operation), body: JSON.stringify(input) });
    if (reply.status !== 200) throw new Error(`${operation} answered ${reply.status}: ${reply.body}`);
    return JSON.parse(reply.body);
  }

  /** A name no other scenario uses, so scenarios never see each other's resources. */
  name(prefix: string): string {
    return `${prefix}-${++this.serial}`;
  }

  async cluster(input: object = {}): Promise<string> {
    const clusterName = this.name('fidelity');
    await this.call('CreateCluster', { clusterName, ...input });
    return clusterName;
  }

  /** The ARN of an Auto Scaling group of its own: AWS lets only one capacity provider use a group. */
  asgArn(): string {
    return `arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:${randomUUID()}:autoScalingGroupName/${this.name('MyASG')}`;
  }

  /** An Auto Scaling group capacity provider with managed scaling, as the examples' are (Berth reads the group as a host group). */
  async asgProvider(input: object = {}): Promise<Wire> {
    return (await this.call('CreateCapacityProvider', {
      name: this.name('MyCapacityProvider'),
      autoScalingGroupProvider: { autoScalingGroupArn: this.asgArn(), managedScaling: { status: 'ENABLED', targetCapacity: 100 }, managedTerminationProtection: 'ENABLED' },
      ...input,
    })).capacityProvider;
  }

  /** A bridge-mode definition of one sleeping container with container-level cpu and memory (AWS's sleep360). */
  async ec2Definition(family = this.name('sleep360'), container: object = {}): Promise<string> {
    const out = await this.call('RegisterTaskDefinition', {
      family,
      containerDefinitions: [{ name: 'sleep', image: this.image, cpu: 10, memory: 32, command: ['sleep', '3600'], essential: true, stopTimeout: 2, ...container }],
    });
    return out.taskDefinition.taskDefinitionArn;
  }

  /** An awsvpc definition sized for Fargate. */
  async fargateDefinition(container: object = {}, family = this.name('sample-fargate')): Promise<string> {
    const out = await this.call('RegisterTaskDefinition', {
      family, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
      containerDefinitions: [{ name: 'web', image: this.image, command: ['sleep', '3600'], essential: true, stopTimeout: 2, ...container }],
    });
    return out.taskDefinition.taskDefinitionArn;
  }

  async service(cluster: string, input: object): Promise<Wire> {
    return (await this.call('CreateService', { cluster, serviceName: this.name('svc'), desiredCount: 1, ...input })).service;
  }

  /** A Fargate service (capacity provider FARGATE, as the console creates them) with its configuration as AWS shows it. */
  async fargateService(cluster: string, input: object = {}): Promise<Wire> {
    return this.service(cluster, {
      taskDefinition: await this.fargateDefinition(),
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      networkConfiguration: AWSVPC_CONFIG,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, alarms: { alarmNames: [], enable: false, rollback: false } },
      ...input,
    });
  }

  async describeTasks(cluster: string, tasks: string[], include?: string[]): Promise<Wire> {
    return this.call('DescribeTasks', { cluster, tasks, include });
  }

  /** Waits until `count` tasks of the service are RUNNING; returns their ARNs. */
  async runningServiceTasks(cluster: string, serviceName: string, count: number): Promise<string[]> {
    return eventually(async () => {
      const arns: string[] = (await this.call('ListTasks', { cluster, serviceName })).taskArns;
      if (arns.length < count) return undefined;
      const { tasks } = await this.describeTasks(cluster, arns);
      const running = tasks.filter((t: Wire) => t.lastStatus === 'RUNNING').map((t: Wire) => t.taskArn);
      return running.length >= count ? running.slice(0, count) : undefined;
    }, `${count} running tasks of ${serviceName}`, 90_000, 250);
  }

  async taskWithStatus(cluster: string, taskArn: string, status: string): Promise<Wire> {
    return eventually(async () => {
      const task = (await this.describeTasks(cluster, [taskArn])).tasks[0];
      return task?.lastStatus === status ? task : undefined;
    }, `task ${taskArn} to be ${status}`, 90_000, 250);
  }

  /** Waits until the service's newest deployment has completed. */
  async completedDeployment(cluster: string, service: string): Promise<void> {
    await eventually(async () => {
      const svc = (await this.call('DescribeServices', { cluster, services: [service] })).services[0];
      return svc.deployments.length === 1 && svc.deployments[0].rolloutState === 'COMPLETED';
    }, `${service} to complete its deployment`, 90_000, 250);
  }

  /** Waits until the service has events (its first task started), as the services the examples update have. */
  async serviceWithEvents(cluster: string, service: string): Promise<void> {
    await eventually(async () => {
      const svc = (await this.call('DescribeServices', { cluster, services: [service] })).services[0];
      return svc.events.length > 0;
    }, `${service} to have events`, 30_000, 100);
  }

  async localInstance(cluster: string): Promise<string> {
    return (await this.call('ListContainerInstances', { cluster })).containerInstanceArns[0];
  }
}
