/** Services: CreateService, UpdateService, DeleteService, DescribeServices, ListServices, ListServicesByNamespace. */
import { CreateServiceRequest, Failure, Operations, PlacementConstraint, PlacementStrategy, Service } from '../../../protocol/generated/ecs.js';
import { validatePlacementConstraints, validatePlacementStrategy } from '../domain/placement/index.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { uuid } from '../../../platform/ids.js';
import { Tx } from '../../../state/store.js';
import { rootArn } from '../domain/account-settings.js';
import { validateStrategy, isFargateStrategy } from '../domain/capacity-providers.js';
import { ClusterDoc, requireCluster, scopeOf } from '../domain/clusters.js';
import { EcsDeps } from './context.js';
import { isForeignArn, isValidName, KIND, nameFromRef, partition, scopePrefix, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { DeploymentDoc, newDeploymentId, Revision, revisionOf, serviceArn, ServiceDoc, serviceKey, withEvents } from '../domain/service-doc.js';
import { recordDeployment } from '../domain/service-deployments.js';
import { checkDesiredCount, checkLoadBalancers, deploymentConfig, unsupportedServiceFeature } from '../domain/service-validation.js';
import { serviceView } from '../domain/service-view.js';
import { validateTags } from '../domain/tags.js';
import { requireActiveDefinition } from '../domain/task-launch.js';
import { hostAccessProblem } from '../domain/host-access.js';
import { fargateIncompatibility } from '../domain/task-definition-rules.js';
import { validateAwsVpc } from '../domain/task-factory.js';
import { pushDeployment } from '../domain/service-deployments.js';

const invalid = (message: string) => clientError('InvalidParameterException', message);

type LaunchChoice = Pick<Revision, 'launchType' | 'capacityProviderStrategy'>;

/** What CreateService and UpdateService say about a revision (UpdateService has no launchType). */
type RevisionRequest = Pick<CreateServiceRequest, 'taskDefinition' | 'launchType' | 'capacityProviderStrategy' | 'platformVersion' | 'networkConfiguration' | 'loadBalancers'>;

/**
 * The launch type or capacity provider strategy a deployment uses. An update that names
 * neither keeps the service's own (AWS never falls back to EC2 or the cluster default then).
 */
function launchChoice(input: RevisionRequest, cluster: ClusterDoc, base: Revision | undefined): LaunchChoice {
  if (input.launchType && input.capacityProviderStrategy?.length) {
    throw invalid('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  if (input.launchType) return { launchType: input.launchType };
  if (input.capacityProviderStrategy?.length) return { capacityProviderStrategy: validateStrategy(input.capacityProviderStrategy, cluster.capacityProviders) };
  if (base) return { launchType: base.launchType, capacityProviderStrategy: base.capacityProviderStrategy };
  if (cluster.defaultCapacityProviderStrategy.length) return { capacityProviderStrategy: cluster.defaultCapacityProviderStrategy };
  return { launchType: 'EC2' };
}

/** The network configuration as AWS stores it: assignPublicIp defaults to DISABLED. */
function withNetworkDefaults(network: Revision['networkConfiguration']): Revision['networkConfiguration'] {
  const cfg = network?.awsvpcConfiguration;
  return cfg && { ...network, awsvpcConfiguration: { ...cfg, assignPublicIp: cfg.assignPublicIp ?? 'DISABLED' } };
}

/** Resolves and checks what a deployment would run. */
function buildRevision(tx: Tx, scope: Scope, cluster: ClusterDoc, input: RevisionRequest, deps: EcsDeps, base?: Revision): Revision {
  const registry = deps.targets;
  // CreateService refuses a blank definition before this; an update without one keeps the service's.
  const ref = input.taskDefinition ?? base?.taskDefinition;
  if (ref === undefined) throw invalid('Task Definition can not be blank.');
  const td = requireActiveDefinition(tx, scope, ref);
  const { launchType, capacityProviderStrategy } = launchChoice(input, cluster, base);
  const fargate = launchType === 'FARGATE' || isFargateStrategy(capacityProviderStrategy);
  if (fargate && fargateIncompatibility(td)) throw invalid('Task definition does not support launch_type FARGATE.');
  // Only a definition the caller names: scaling in a service the operator's tightened policy
  // now refuses must stay possible (createTasks refuses its launches).
  const denied = input.taskDefinition ? hostAccessProblem(td, deps.hostAccess) : undefined;
  if (denied) throw clientError('ClientException', denied);
  const network = withNetworkDefaults(input.networkConfiguration ?? base?.networkConfiguration);
  if ((td.networkMode ?? 'bridge') === 'awsvpc') validateAwsVpc(network?.awsvpcConfiguration, fargate);
  else if (input.networkConfiguration) throw invalid('Network Configuration is not valid for the given networkMode of this task definition.');
  return {
    taskDefinition: td.taskDefinitionArn,
    launchType,
    capacityProviderStrategy,
    platformVersion: fargate ? input.platformVersion ?? base?.platformVersion ?? 'LATEST' : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    networkConfiguration: (td.networkMode ?? 'bridge') === 'awsvpc' ? network : undefined,
    loadBalancers: checkLoadBalancers(input.loadBalancers ?? base?.loadBalancers ?? [], td, registry),
  };
}

/**
 * The role ECS acts with for the service: the one the caller names (services behind a load
 * balancer without awsvpc), else ECS's service-linked role, which AWS uses (and reports)
 * for services with load balancers or awsvpc networking.
 */
function serviceRole(scope: Scope, role: string | undefined, rev: Revision): string | undefined {
  const iam = `arn:${partition(scope.region)}:iam::${scope.accountId}:role/`;
  if (role && rev.networkConfiguration) throw invalid('You cannot specify an IAM role for services that require a service linked role.');
  if (role) return role.startsWith('arn:') ? role : `${iam}${role}`;
  if (rev.loadBalancers.length || rev.networkConfiguration) return `${iam}aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`;
  return undefined;
}

function newDeployment(tx: Tx, scope: Scope, svc: ServiceDoc, rev: Revision, now: Date, rollback?: { reason: string; revisionArn: string }): DeploymentDoc {
  const id = newDeploymentId();
  const arns = recordDeployment(tx, scope, svc, rev, id, svc.deployments, now, rollback);
  return {
    ...rev, id, status: 'PRIMARY', desiredCount: svc.desiredCount, failedTasks: 0,
    createdAt: now.toISOString(), updatedAt: now.toISOString(), rolloutState: 'IN_PROGRESS',
    rolloutStateReason: rollback ? rollback.reason : `ECS deployment ${id} in progress.`,
    berth: { countedFailures: [], everHealthy: false, serviceDeploymentArn: arns.deploymentArn, serviceRevisionArn: arns.revisionArn },
  };
}

/** Makes `dep` the PRIMARY deployment; earlier ones become ACTIVE with no desired tasks. */

export { newDeployment };

/** Validated as AWS validates them, kept as given (DescribeServices shows them so). */
function checkedStrategy(input: PlacementStrategy[] | undefined): PlacementStrategy[] {
  validatePlacementStrategy(input);
  return input ?? [];
}

function checkedConstraints(input: PlacementConstraint[] | undefined): PlacementConstraint[] {
  validatePlacementConstraints(input);
  return input ?? [];
}

export function makeServiceOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store, clock } = deps;

  function requireService(tx: Tx, scope: Scope, cluster: ClusterDoc, ref: string) {
    const name = nameFromRef(ref, 'service').split('/').pop()!;
    const rec = isForeignArn(ref, scope) ? undefined : tx.get<ServiceDoc>(KIND.service, serviceKey(scope, cluster.clusterName, name));
    if (!rec) throw clientError('ServiceNotFoundException', 'Service not found.');
    return rec;
  }

  function put(tx: Tx, scope: Scope, cluster: ClusterDoc, svc: ServiceDoc) {
    const doc = { ...svc, berth: { ...svc.berth, generation: svc.berth.generation + 1 } };
    tx.put(KIND.service, serviceKey(scope, cluster.clusterName, svc.serviceName), doc);
    return doc;
  }

  return {
    CreateService(input, ctx) {
      const scope = scopeOf(ctx);
      const now = clock.now();
      const unsupported = unsupportedServiceFeature(input);
      if (unsupported) throw invalid(`Berth does not support ${unsupported} yet.`);
      if (!isValidName(input.serviceName)) throw invalid('Service name can have up to 255 characters. Valid characters are letters (uppercase and lowercase), numbers, underscores, and hyphens.');
      const daemon = input.schedulingStrategy === 'DAEMON';
      if (!input.taskDefinition) throw invalid('Task Definition can not be blank.');
      if (!daemon && input.desiredCount === undefined) throw invalid('The desired count must be specified for the REPLICA scheduling strategy.');
      if (daemon && input.desiredCount !== undefined) throw invalid('The daemon scheduling strategy does not support a desired count for services.');
      checkDesiredCount(input.desiredCount);
      const tags = validateTags(input.tags);
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster);
        const existing = tx.get<ServiceDoc>(KIND.service, serviceKey(scope, cluster.clusterName, input.serviceName));
        if (existing && existing.doc.status !== 'INACTIVE') throw invalid('Creation of service was not idempotent.');
        const rev = buildRevision(tx, scope, cluster, input, deps);
        if (daemon && (rev.launchType === 'FARGATE' || isFargateStrategy(rev.capacityProviderStrategy))) throw invalid('The DAEMON scheduling strategy is not supported with the FARGATE launch type.');
        const base: ServiceDoc = {
          ...rev,
          serviceArn: serviceArn(scope, cluster.clusterName, input.serviceName), serviceName: input.serviceName, clusterArn: cluster.clusterArn,
          status: 'ACTIVE', desiredCount: daemon ? 1 : input.desiredCount ?? 0,
          deploymentConfiguration: deploymentConfig(input.deploymentConfiguration, daemon),
          roleArn: serviceRole(scope, input.role, rev),
          healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds ?? 0,
          schedulingStrategy: daemon ? 'DAEMON' : 'REPLICA', deploymentController: { type: 'ECS' },
          placementConstraints: checkedConstraints(input.placementConstraints), placementStrategy: checkedStrategy(input.placementStrategy), serviceRegistries: [],
          tags, createdAt: now.toISOString(), createdBy: rootArn(scope), enableECSManagedTags: input.enableECSManagedTags ?? false,
          propagateTags: input.propagateTags ?? 'NONE', enableExecuteCommand: input.enableExecuteCommand ?? false,
          availabilityZoneRebalancing: input.availabilityZoneRebalancing ?? 'DISABLED',
          deployments: [], events: [],
          berth: { generation: 0, steady: false, revisions: {} },
        };
        const svc = pushDeployment(tx, base, newDeployment(tx, scope, base, rev, now), now);
        return { service: serviceView(tx, scope, put(tx, scope, cluster, svc), true) };
      });
    },

    UpdateService(input, ctx) {
      const scope = scopeOf(ctx);
      const now = clock.now();
      const unsupported = unsupportedServiceFeature(input);
      if (unsupported) throw invalid(`Berth does not support ${unsupported} yet.`);
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster);
        const rec = requireService(tx, scope, cluster, input.service);
        let svc = rec.doc;
        if (svc.status !== 'ACTIVE') throw clientError('ServiceNotActiveException', 'Service was not ACTIVE.');
        const daemon = svc.schedulingStrategy === 'DAEMON';
        if (daemon && input.desiredCount !== undefined) throw invalid('The daemon scheduling strategy does not support a desired count for services.');
        checkDesiredCount(input.desiredCount);
        const rev = buildRevision(tx, scope, cluster, input, deps, revisionOf(svc));
        svc = {
          ...svc,
          desiredCount: input.desiredCount ?? svc.desiredCount,
          deploymentConfiguration: deploymentConfig(input.deploymentConfiguration, daemon, svc.deploymentConfiguration),
          roleArn: svc.roleArn ?? serviceRole(scope, undefined, rev),
          healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds ?? svc.healthCheckGracePeriodSeconds,
          availabilityZoneRebalancing: input.availabilityZoneRebalancing ?? svc.availabilityZoneRebalancing,
          enableExecuteCommand: input.enableExecuteCommand ?? svc.enableExecuteCommand,
          enableECSManagedTags: input.enableECSManagedTags ?? svc.enableECSManagedTags,
          propagateTags: input.propagateTags ?? svc.propagateTags,
        };
        const changed = JSON.stringify(rev) !== JSON.stringify(revisionOf(svc.deployments[0]));
        if (changed || input.forceNewDeployment) svc = pushDeployment(tx, svc, newDeployment(tx, scope, svc, rev, now), now);
        else svc = { ...svc, deployments: svc.deployments.map((d, i) => (i === 0 ? { ...d, desiredCount: svc.desiredCount, updatedAt: now.toISOString() } : d)), berth: { ...svc.berth, steady: false } };
        return { service: serviceView(tx, scope, put(tx, scope, cluster, svc), true) };
      });
    },

    DeleteService(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster);
        const rec = requireService(tx, scope, cluster, input.service);
        const svc = rec.doc;
        if (svc.status !== 'ACTIVE') throw clientError('ServiceNotActiveException', 'Service was not ACTIVE.');
        if (svc.schedulingStrategy === 'REPLICA' && svc.desiredCount > 0 && !input.force) throw invalid('The service cannot be stopped while it is scaled above 0.');
        const draining: ServiceDoc = { ...svc, status: 'DRAINING', desiredCount: 0, events: withEvents(svc.events, [], clock.now(), uuid) };
        return { service: serviceView(tx, scope, put(tx, scope, cluster, draining), false) };
      });
    },

    DescribeServices(input, ctx) {
      const scope = scopeOf(ctx);
      const refs = input.services;
      if (refs.length === 0) throw invalid('Services cannot be empty.');
      if (refs.length > 10) throw invalid('Services cannot contain more than 10 items.');
      const cluster = requireCluster(store, scope, input.cluster);
      const services: Service[] = [];
      const failures: Failure[] = [];
      for (const ref of refs) {
        const name = nameFromRef(ref, 'service').split('/').pop()!;
        const rec = isForeignArn(ref, scope) ? undefined : store.get<ServiceDoc>(KIND.service, serviceKey(scope, cluster.clusterName, name));
        if (rec) services.push(serviceView(store, scope, rec.doc, input.include?.includes('TAGS') ?? false));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : serviceArn(scope, cluster.clusterName, name), reason: 'MISSING' });
      }
      return { services, failures };
    },

    ListServices(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster);
      const items = store.list<ServiceDoc>(KIND.service, { prefix: `${scopePrefix(scope)}${cluster.clusterName}/` })
        .filter((r) => r.doc.status === 'ACTIVE')
        .filter((r) => !input.launchType || r.doc.launchType === input.launchType)
        .filter((r) => !input.schedulingStrategy || r.doc.schedulingStrategy === input.schedulingStrategy);
      const p = page(items, (r) => r.id, input.nextToken, input.maxResults, 10);
      return { serviceArns: p.items.map((r) => r.doc.serviceArn), nextToken: p.nextToken };
    },

    ListServicesByNamespace() {
      throw clientError('NamespaceNotFoundException', 'The specified namespace was not found. Berth has no Cloud Map namespaces yet.');
    },
  };
}
