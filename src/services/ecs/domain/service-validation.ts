/** CreateService/UpdateService checks that need AWS's wording: deployment settings and load balancers. */
import { CreateServiceRequest, DeploymentConfiguration } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { TargetRegistry } from '../../elbv2/domain/ports.js';
import { DeploymentConfig } from './service-doc.js';
import { TaskDefinitionDoc } from './task-definitions.js';
import { ServiceLoadBalancer } from './task-doc.js';

const invalid = (message: string) => clientError('InvalidParameterException', message);

/** A negative count would leave the deployment waiting forever for a task count it can never reach. */
export function checkDesiredCount(count: number | undefined): void {
  if (count !== undefined && count < 0) throw invalid('desiredCount must be greater than or equal to 0.');
}

export function deploymentConfig(input: DeploymentConfiguration | undefined, daemon: boolean, current?: DeploymentConfig): DeploymentConfig {
  const base: DeploymentConfig = current ?? {
    maximumPercent: daemon ? 100 : 200,
    minimumHealthyPercent: daemon ? 0 : 100,
    deploymentCircuitBreaker: { enable: false, rollback: false },
  };
  const cfg: DeploymentConfig = {
    ...base,
    ...(input ?? {}),
    maximumPercent: input?.maximumPercent ?? base.maximumPercent,
    minimumHealthyPercent: input?.minimumHealthyPercent ?? base.minimumHealthyPercent,
    deploymentCircuitBreaker: input?.deploymentCircuitBreaker ?? base.deploymentCircuitBreaker,
  };
  if (cfg.minimumHealthyPercent < 0 || cfg.minimumHealthyPercent > 100) throw invalid('minimumHealthyPercent must be between 0 and 100.');
  if (cfg.maximumPercent < 100 && !(cfg.maximumPercent > 0 && cfg.minimumHealthyPercent === 0)) {
    throw invalid('maximumPercent must be at least 100 (or above 0 when minimumHealthyPercent is 0).');
  }
  if (cfg.minimumHealthyPercent > cfg.maximumPercent) throw invalid('minimumHealthyPercent must be less than or equal to maximumPercent.');
  if (daemon && cfg.maximumPercent !== 100) throw invalid('The maximumPercent of a service using the DAEMON scheduling strategy must be 100.');
  if (cfg.strategy !== undefined && cfg.strategy !== 'ROLLING') throw invalid(`Berth supports only the ROLLING deployment strategy, not ${String(cfg.strategy)}.`);
  return cfg;
}

export function checkLoadBalancers(lbs: ServiceLoadBalancer[], td: TaskDefinitionDoc, registry: TargetRegistry | undefined): ServiceLoadBalancer[] {
  if (lbs.length === 0) return lbs;
  if (lbs.length > 5) throw invalid('A service can have at most 5 target groups.');
  if (!registry) throw invalid('Load balancers are not available in this Berth.');
  for (const lb of lbs) {
    if (lb.loadBalancerName) throw invalid('Classic Load Balancers are not supported; use targetGroupArn.');
    if (!lb.targetGroupArn) throw invalid('targetGroupArn is required for each load balancer.');
    const tg = registry.targetGroup(lb.targetGroupArn);
    if (!tg) throw invalid(`Unable to assume role and validate the specified targetGroupArn. Please verify that the target group ${lb.targetGroupArn} exists.`);
    if (tg.loadBalancerArns.length === 0) throw invalid(`The target group with targetGroupArn ${lb.targetGroupArn} does not have an associated load balancer.`);
    const mode = td.networkMode ?? 'bridge';
    if (mode === 'awsvpc' && tg.targetType !== 'ip') {
      throw invalid(`The provided target group ${lb.targetGroupArn} has target type ${tg.targetType}, which is incompatible with the awsvpc network mode specified in the task definition.`);
    }
    if (mode !== 'awsvpc' && tg.targetType === 'ip') {
      throw invalid(`The provided target group ${lb.targetGroupArn} has target type ip, which is incompatible with the ${mode} network mode specified in the task definition.`);
    }
    const container = td.containerDefinitions.find((c) => c.name === lb.containerName);
    if (!container) throw invalid(`The container ${lb.containerName ?? ''} does not exist in the task definition.`);
    if (!(container.portMappings ?? []).some((pm) => pm.containerPort === lb.containerPort)) {
      throw invalid(`The container ${lb.containerName} did not have a container port ${lb.containerPort} defined.`);
    }
  }
  return lbs.map((lb) => ({ targetGroupArn: lb.targetGroupArn, containerName: lb.containerName, containerPort: lb.containerPort }));
}

/** What CreateService and UpdateService may ask for that Berth cannot honour yet. */
type FeatureRequest = Pick<CreateServiceRequest,
  'deploymentController' | 'serviceRegistries' | 'serviceConnectConfiguration' | 'vpcLatticeConfigurations' | 'volumeConfigurations'>;

/** Features of CreateService/UpdateService Berth cannot honour yet. */
export function unsupportedServiceFeature(input: FeatureRequest): string | undefined {
  const controller = input.deploymentController?.type;
  if (controller && controller !== 'ECS') return `the ${controller} deployment controller`;
  // An empty list asks for nothing.
  const has = (v: object | undefined) => (Array.isArray(v) ? v.length > 0 : v !== undefined);
  if (has(input.serviceRegistries)) return 'serviceRegistries (Cloud Map)';
  if (has(input.serviceConnectConfiguration)) return 'Service Connect';
  if (has(input.vpcLatticeConfigurations)) return 'VPC Lattice';
  if (has(input.volumeConfigurations)) return 'volumeConfigurations';
  return undefined;
}
