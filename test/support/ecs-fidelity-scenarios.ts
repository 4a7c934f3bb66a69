/**
 * How each AWS CLI example of ECS is replayed against Berth: the call equivalent to its
 * command, after creating what the example presupposes. Examples about features Berth
 * lacks are skipped with the reason. This file holds clusters, task definitions, account
 * settings, tags and listings; ecs-fidelity-workloads.ts holds tasks and services.
 */
import { EcsFixtures } from './ecs-fidelity-fixtures.js';
import { ReplayScenario, Skip } from './fidelity-replay.js';

export type Scenario = ReplayScenario<EcsFixtures>;
export type { Skip };

/**
 * Berth has only the AWS-managed FARGATE and FARGATE_SPOT providers; examples naming
 * Auto Scaling group providers are replayed with those, and the ASG scaling plans and
 * policies AWS attaches to the cluster are left out.
 */
const ASG_ATTACHMENTS = { paths: /(^|\.)attachments(\[\]\.|$)|attachmentsStatus$/, reason: 'scaling plan attachments of Auto Scaling group capacity providers' };
const MANAGED_PROVIDERS = { capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }] };
const ASG_NOTE = 'the AWS-managed FARGATE providers stand in for the Auto Scaling group providers';

const TAGS = [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }];
const USER = (f: EcsFixtures) => `arn:aws:iam::000000000000:user/${f.name('MyUser')}`;

export const SKIPPED: Skip[] = [
  { file: 'create-capacity-provider.rst', reason: 'Auto Scaling group capacity providers' },
  { file: 'delete-capacity-provider.rst', reason: 'Auto Scaling group capacity providers' },
  { file: 'capacity-provider-update.rst', reason: 'Auto Scaling group capacity providers' },
  { file: 'describe-capacity-providers.rst', match: /--capacity-providers MyCapacityProvider/, reason: 'an Auto Scaling group capacity provider and its tags' },
  { file: 'put-attributes.rst', reason: 'custom attributes (PutAttributes)' },
  { file: 'list-attributes.rst', reason: 'custom attributes (ListAttributes)' },
  { file: 'delete-attributes.rst', reason: 'custom attributes (DeleteAttributes)' },
  { file: 'deregister-container-instance.rst', reason: 'DeregisterContainerInstance (the only instance is the local engine)' },
  { file: 'update-container-instances-state.rst', reason: 'UpdateContainerInstancesState' },
  { file: 'update-container-agent.rst', reason: 'UpdateContainerAgent (and the recorded output is elided)' },
  { file: 'list-services-by-namespace.rst', reason: 'Cloud Map namespaces' },
  { file: 'execute-command.rst', reason: 'ECS Exec' },
  { file: 'get-task-protection.rst', reason: 'task scale-in protection' },
  { file: 'update-task-protection.rst', reason: 'task scale-in protection' },
];

export const CLUSTER_SCENARIOS: Scenario[] = [
  {
    file: 'create-cluster.rst', match: /capacity providers/, exclude: ASG_ATTACHMENTS, note: ASG_NOTE,
    run: (f) => f.call('CreateCluster', { clusterName: f.name('MyCluster'), ...MANAGED_PROVIDERS }),
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
    file: 'describe-clusters.rst', match: /ATTACHMENTS/, exclude: ASG_ATTACHMENTS, note: 'FARGATE stands in for the Auto Scaling group provider',
    run: async (f) => f.call('DescribeClusters', { clusters: [await f.cluster({ capacityProviders: ['FARGATE'] })], include: ['ATTACHMENTS'] }),
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
    note: `${ASG_NOTE}; the cluster has a Service Connect namespace beforehand, as the example's has`,
    run: async (f) => f.call('UpdateCluster', {
      cluster: await f.cluster({ capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], serviceConnectDefaults: { namespace: 'test' } }),
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    }),
  },
  {
    file: 'update-cluster.rst', match: /--service-connect-defaults/, exclude: ASG_ATTACHMENTS,
    note: `${ASG_NOTE}; Service Connect's own attachments (type sc) are among those left out`,
    run: async (f) => f.call('UpdateCluster', {
      cluster: await f.cluster({ capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }),
      serviceConnectDefaults: { namespace: 'test' },
    }),
  },
  {
    file: 'put-cluster-capacity-providers.rst', match: /--capacity-providers \[\]/, exclude: ASG_ATTACHMENTS, note: ASG_NOTE,
    run: async (f) => f.call('PutClusterCapacityProviders', { cluster: await f.cluster(MANAGED_PROVIDERS), capacityProviders: [], defaultCapacityProviderStrategy: [] }),
  },
  {
    file: 'put-cluster-capacity-providers.rst', exclude: ASG_ATTACHMENTS, note: ASG_NOTE,
    run: async (f) => f.call('PutClusterCapacityProviders', { cluster: await f.cluster(), ...MANAGED_PROVIDERS }),
  },
  {
    file: 'describe-capacity-providers.rst',
    exclude: { paths: /autoScalingGroupProvider/, reason: 'Auto Scaling group settings of the described provider' },
    note: 'Berth describes FARGATE and FARGATE_SPOT',
    run: (f) => f.call('DescribeCapacityProviders'),
  },
  {
    file: 'list-tags-for-resource.rst',
    run: async (f) => {
      const cluster = await f.cluster({ tags: TAGS });
      const { clusters } = await f.call('DescribeClusters', { clusters: [cluster] });
      return f.call('ListTagsForResource', { resourceArn: clusters[0].clusterArn });
    },
  },
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
