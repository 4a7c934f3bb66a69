/**
 * How each AWS CLI example of ECS is replayed against Berth: the call equivalent to its
 * command, after creating what the example presupposes. Examples about features Berth
 * lacks are skipped with the reason. This file holds clusters, capacity providers,
 * container instances and their attributes, task definitions, account settings, tags and
 * listings; ecs-fidelity-workloads.ts holds tasks and services.
 */
import { EcsFixtures } from './ecs-fidelity-fixtures.js';
import { ReplayScenario, Skip } from './fidelity-replay.js';

export type Scenario = ReplayScenario<EcsFixtures>;
export type { Skip };

/** AWS attaches scaling plans and policies to a cluster for its Auto Scaling group providers; Berth scales nothing. */
const ASG_ATTACHMENTS = { paths: /(^|\.)attachments(\[\]\.|$)|attachmentsStatus$/, reason: 'scaling plan attachments of Auto Scaling group capacity providers' };

/** Two Auto Scaling group providers and a strategy spreading tasks evenly across them, as the examples' clusters have. */
async function twoProviders(f: EcsFixtures) {
  const capacityProviders: string[] = [(await f.asgProvider()).name, (await f.asgProvider()).name];
  return { capacityProviders, defaultCapacityProviderStrategy: capacityProviders.map((capacityProvider) => ({ capacityProvider, weight: 1 })) };
}

/** A cluster of its own with one Auto Scaling group provider as its default. */
async function providerCluster(f: EcsFixtures, input: object = {}): Promise<string> {
  const capacityProvider = (await f.asgProvider()).name;
  return f.cluster({ capacityProviders: [capacityProvider], defaultCapacityProviderStrategy: [{ capacityProvider, weight: 1 }], ...input });
}

const TAGS = [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }];
const USER = (f: EcsFixtures) => `arn:aws:iam::000000000000:user/${f.name('MyUser')}`;

export const SKIPPED: Skip[] = [
  { file: 'update-container-agent.rst', reason: 'UpdateContainerAgent (and the recorded output is elided)' },
  { file: 'list-services-by-namespace.rst', reason: 'Cloud Map namespaces' },
  { file: 'execute-command.rst', reason: 'ECS Exec' },
  { file: 'get-task-protection.rst', reason: 'task scale-in protection' },
  { file: 'update-task-protection.rst', reason: 'task scale-in protection' },
];

export const CLUSTER_SCENARIOS: Scenario[] = [
  {
    file: 'create-cluster.rst', match: /capacity providers/, exclude: ASG_ATTACHMENTS,
    run: async (f) => f.call('CreateCluster', { clusterName: f.name('MyCluster'), ...(await twoProviders(f)) }),
  },
  {
    file: 'create-cluster.rst',
    run: (f, ex) => f.call('CreateCluster', {
      clusterName: f.name('MyCluster'),
      settings: /containerInsights,value=enhanced/.test(ex.command) ? [{ name: 'containerInsights', value: 'enhanced' }] : undefined,
      tags: /--tags/.test(ex.command) ? TAGS : undefined,
    }),
  },
  {
    file: 'describe-clusters.rst', match: /ATTACHMENTS/, exclude: ASG_ATTACHMENTS,
    run: async (f) => f.call('DescribeClusters', { clusters: [await f.cluster({ capacityProviders: [(await f.asgProvider()).name] })], include: ['ATTACHMENTS'] }),
  },
  { file: 'describe-clusters.rst', run: async (f) => f.call('DescribeClusters', { clusters: [await f.cluster()] }) },
  { file: 'delete-cluster.rst', run: async (f) => f.call('DeleteCluster', { cluster: await f.cluster() }) },
  { file: 'list-clusters.rst', run: (f) => f.call('ListClusters') },
  {
    file: 'update-cluster-settings.rst',
    run: async (f) => f.call('UpdateClusterSettings', { cluster: await f.cluster(), settings: [{ name: 'containerInsights', value: 'enhanced' }] }),
  },
  {
    file: 'update-cluster.rst', match: /--settings/, exclude: ASG_ATTACHMENTS,
    note: "the cluster has a Service Connect namespace beforehand, as the example's has",
    run: async (f) => f.call('UpdateCluster', {
      cluster: await providerCluster(f, { serviceConnectDefaults: { namespace: 'test' } }),
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    }),
  },
  {
    file: 'update-cluster.rst', match: /--service-connect-defaults/, exclude: ASG_ATTACHMENTS,
    note: "Service Connect's own attachments (type sc) are among those left out",
    run: async (f) => f.call('UpdateCluster', {
      cluster: await providerCluster(f),
      serviceConnectDefaults: { namespace: 'test' },
    }),
  },
  {
    file: 'put-cluster-capacity-providers.rst', match: /--capacity-providers \[\]/, exclude: ASG_ATTACHMENTS,
    run: async (f) => f.call('PutClusterCapacityProviders', { cluster: await f.cluster(await twoProviders(f)), capacityProviders: [], defaultCapacityProviderStrategy: [] }),
  },
  {
    file: 'put-cluster-capacity-providers.rst', exclude: ASG_ATTACHMENTS, note: "the cluster has the first provider beforehand, as the example's has",
    run: async (f) => {
      const both = await twoProviders(f);
      const cluster = await f.cluster({ capacityProviders: [both.capacityProviders[0]], defaultCapacityProviderStrategy: [both.defaultCapacityProviderStrategy[0]] });
      return f.call('PutClusterCapacityProviders', { cluster, ...both });
    },
  },
  {
    file: 'list-tags-for-resource.rst',
    run: async (f) => {
      const cluster = await f.cluster({ tags: TAGS });
      const { clusters } = await f.call('DescribeClusters', { clusters: [cluster] });
      return f.call('ListTagsForResource', { resourceArn: clusters[0].clusterArn });
    },
  },
];

export const PROVIDER_SCENARIOS: Scenario[] = [
  {
    file: 'create-capacity-provider.rst',
    run: (f) => f.call('CreateCapacityProvider', {
      name: f.name('MyCapacityProvider'),
      autoScalingGroupProvider: { autoScalingGroupArn: f.asgArn(), managedScaling: { status: 'ENABLED', targetCapacity: 100 }, managedTerminationProtection: 'ENABLED' },
    }),
  },
  {
    file: 'capacity-provider-update.rst',
    run: async (f) => f.call('UpdateCapacityProvider', {
      name: (await f.asgProvider()).name,
      autoScalingGroupProvider: {
        managedScaling: { status: 'DISABLED', targetCapacity: 50, minimumScalingStepSize: 2, maximumScalingStepSize: 30, instanceWarmupPeriod: 200 },
        managedTerminationProtection: 'DISABLED', managedDraining: 'DISABLED',
      },
    }),
  },
  {
    file: 'delete-capacity-provider.rst',
    run: async (f, ex) => {
      const provider = await f.asgProvider();
      return f.call('DeleteCapacityProvider', { capacityProvider: /capacity-provider\/ExampleCapacityProvider/.test(ex.command) ? provider.capacityProviderArn : provider.name });
    },
  },
  {
    file: 'describe-capacity-providers.rst', match: /--capacity-providers MyCapacityProvider/,
    run: async (f) => f.call('DescribeCapacityProviders', {
      capacityProviders: [(await f.asgProvider({ tags: [{ key: 'environment', value: 'production' }] })).name], include: ['TAGS'],
    }),
  },
  {
    file: 'describe-capacity-providers.rst',
    run: async (f) => {
      await f.asgProvider();
      return f.call('DescribeCapacityProviders');
    },
  },
];

/** The local engine's instance in a cluster of its own: draining or deregistering it disturbs no other scenario. */
async function ownInstance(f: EcsFixtures): Promise<{ cluster: string; instance: string }> {
  const cluster = await f.cluster();
  return { cluster, instance: await f.localInstance(cluster) };
}

const OWN_INSTANCE = "the local engine's instance, in a cluster of its own, stands in for the example's EC2 instance";

const STACK = (targetId: string) => ({ name: 'stack', value: 'production', targetId });

export const INSTANCE_SCENARIOS: Scenario[] = [
  {
    file: 'list-container-instances.rst',
    run: async (f) => f.call('ListContainerInstances', { cluster: await f.cluster() }),
  },
  {
    file: 'describe-container-instances.rst',
    run: async (f) => {
      const cluster = await f.cluster();
      return f.call('DescribeContainerInstances', { cluster, containerInstances: [await f.localInstance(cluster)] });
    },
  },
  {
    file: 'put-attributes.rst', note: OWN_INSTANCE,
    run: async (f) => {
      const { cluster, instance } = await ownInstance(f);
      return f.call('PutAttributes', { cluster, attributes: [STACK(instance)] });
    },
  },
  {
    file: 'list-attributes.rst', note: OWN_INSTANCE,
    run: async (f) => {
      const { cluster, instance } = await ownInstance(f);
      await f.call('PutAttributes', { cluster, attributes: [STACK(instance)] });
      return f.call('ListAttributes', { cluster, targetType: 'container-instance', attributeName: 'stack', attributeValue: 'production' });
    },
  },
  {
    file: 'delete-attributes.rst', note: OWN_INSTANCE,
    run: async (f) => {
      const { cluster, instance } = await ownInstance(f);
      await f.call('PutAttributes', { cluster, attributes: [STACK(instance)] });
      return f.call('DeleteAttributes', { cluster, attributes: [{ name: 'stack', targetId: instance }] });
    },
  },
  {
    file: 'update-container-instances-state.rst', note: `${OWN_INSTANCE}, named by its id as in the example`,
    run: async (f) => {
      const { cluster, instance } = await ownInstance(f);
      return f.call('UpdateContainerInstancesState', { cluster, containerInstances: [instance.split('/').pop()], status: 'DRAINING' });
    },
  },
  {
    file: 'deregister-container-instance.rst', note: OWN_INSTANCE,
    run: async (f) => {
      const { cluster, instance } = await ownInstance(f);
      return f.call('DeregisterContainerInstance', { cluster, containerInstance: instance, force: true });
    },
  },
];

export const DEFINITION_SCENARIOS: Scenario[] = [
  {
    file: 'register-task-definition.rst',
    run: (f) => f.call('RegisterTaskDefinition', {
      family: f.name('sleep360'),
      containerDefinitions: [{ name: 'sleep', image: 'busybox', cpu: 10, command: ['sleep', '360'], memory: 10, essential: true }],
    }),
  },
  {
    file: 'describe-task-definition.rst',
    run: async (f) => {
      const family = f.name('hello_world');
      await f.call('RegisterTaskDefinition', {
        family,
        containerDefinitions: [
          { name: 'wordpress', links: ['mysql'], image: 'wordpress', essential: true, portMappings: [{ containerPort: 80, hostPort: 80 }], memory: 500, cpu: 10 },
          { environment: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'password' }], name: 'mysql', image: 'mysql', cpu: 10, memory: 500, essential: true },
        ],
      });
      return f.call('DescribeTaskDefinition', { taskDefinition: family });
    },
  },
  {
    file: 'delete-task-definitions.rst',
    run: async (f) => {
      const family = f.name('curltest');
      const arn = (await f.call('RegisterTaskDefinition', {
        family, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
        taskRoleArn: 'arn:aws:iam::000000000000:role/ecsTaskExecutionRole', executionRoleArn: 'arn:aws:iam::000000000000:role/ecsTaskExecutionRole',
        containerDefinitions: [{
          name: 'curltest', image: 'curlimages/curl', cpu: 0, essential: true, entryPoint: ['sh', '-c'], command: ['curl ${URL}'],
          portMappings: [],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-create-group': 'true', 'awslogs-group': '/ecs/curltest', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' } },
        }],
      })).taskDefinition.taskDefinitionArn;
      await f.call('DeregisterTaskDefinition', { taskDefinition: arn });
      return f.call('DeleteTaskDefinitions', { taskDefinitions: [arn] });
    },
  },
  {
    file: 'list-task-definitions.rst',
    run: async (f, ex) => {
      const family = f.name('wordpress');
      await f.ec2Definition(family);
      return f.call('ListTaskDefinitions', { familyPrefix: /--family-prefix/.test(ex.command) ? family : undefined });
    },
  },
  {
    file: 'list-task-definition-families.rst',
    run: async (f, ex) => {
      const family = f.name('hpcc');
      await f.ec2Definition(family);
      return f.call('ListTaskDefinitionFamilies', { familyPrefix: /--family-prefix/.test(ex.command) ? family : undefined });
    },
  },
];

export const SETTING_SCENARIOS: Scenario[] = [
  { file: 'put-account-setting-default.rst', run: (f) => f.call('PutAccountSettingDefault', { name: 'serviceLongArnFormat', value: 'enabled' }) },
  {
    file: 'put-account-setting.rst',
    run: (f, ex) => f.call('PutAccountSetting', /containerInsights/.test(ex.command)
      ? { name: 'containerInsights', value: 'enhanced' }
      : { name: 'serviceLongArnFormat', value: 'enabled' }),
  },
  { file: 'put-account-settings.rst', run: (f) => f.call('PutAccountSetting', { name: 'serviceLongArnFormat', value: 'enabled', principalArn: USER(f) }) },
  {
    file: 'delete-account-setting.rst',
    run: async (f) => {
      const principalArn = USER(f);
      await f.call('PutAccountSetting', { name: 'serviceLongArnFormat', value: 'enabled', principalArn });
      return f.call('DeleteAccountSetting', { name: 'serviceLongArnFormat', principalArn });
    },
  },
  {
    file: 'list-account-settings.rst',
    run: async (f, ex) => {
      if (/--effective-settings/.test(ex.command)) return f.call('ListAccountSettings', { effectiveSettings: true });
      const principalArn = USER(f);
      await f.call('PutAccountSetting', { name: 'serviceLongArnFormat', value: 'enabled', principalArn });
      return f.call('ListAccountSettings', { principalArn });
    },
  },
];
