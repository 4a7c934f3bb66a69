/**
 * The replay of the AWS CLI examples about tasks and services (see ecs-fidelity-scenarios.ts).
 * Their tasks run a sleeping busybox, so they reach RUNNING in about a second.
 */
import { AWSVPC_CONFIG, EcsFixtures, HEALTHY, Wire } from './ecs-fidelity-fixtures.js';
import { Scenario, Skip } from './ecs-fidelity-scenarios.js';

const EBS_NOTE = 'replayed without volumeConfigurations (Amazon EBS): Berth has no EBS volumes';
const PUBLIC_AWSVPC = { awsvpcConfiguration: { ...AWSVPC_CONFIG.awsvpcConfiguration, assignPublicIp: 'ENABLED' } };
const TAGS = [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }, { key: 'key3', value: 'value3' }];

export const SKIPPED_WORKLOADS: Skip[] = [
  { file: 'create-service.rst', match: /type=EXTERNAL/, reason: 'the EXTERNAL deployment controller' },
  { file: 'create-service.rst', match: /ecs-simple-service-elb/, reason: 'Classic Load Balancers (loadBalancerName)' },
  { file: 'create-service.rst', match: /ebs\.json/, reason: 'Amazon EBS volumeConfigurations' },
  { file: 'update-service.rst', match: /ebs\.json/, reason: 'Amazon EBS volumeConfigurations' },
  { file: 'create-task-set.rst', reason: 'task sets (EXTERNAL deployment controller)' },
  { file: 'delete-task-set.rst', reason: 'task sets (EXTERNAL deployment controller)' },
  { file: 'describe-task-sets.rst', reason: 'task sets (EXTERNAL deployment controller)' },
  { file: 'update-task-set.rst', reason: 'task sets (EXTERNAL deployment controller)' },
  { file: 'update-service-primary-task-set.rst', reason: 'task sets (EXTERNAL deployment controller)' },
];

/** A service as the update-service examples show it before the update: Fargate, public IP, managed tags, events. */
async function consoleService(f: EcsFixtures, family: string, input: object): Promise<{ cluster: string; service: Wire }> {
  const cluster = await f.cluster({ capacityProviders: ['FARGATE'] });
  const service = await f.fargateService(cluster, { taskDefinition: await f.fargateDefinition({}, family), networkConfiguration: PUBLIC_AWSVPC, enableECSManagedTags: true, ...input });
  await f.serviceWithEvents(cluster, service.serviceName);
  return { cluster, service };
}

/** Two update-service outputs were hand-edited with a misspelt member. */
const TYPO = { paths: /taskkDefinition$/, reason: 'taskkDefinition, a misspelling in the example of the member taskDefinition' };

interface Deployed { cluster: string; service: Wire; deploymentArn: string }
const deployed = new WeakMap<EcsFixtures, Promise<Deployed>>();

/** A service whose deployment has completed (so its images have digests); one for the three examples about it. */
function deployedService(f: EcsFixtures): Promise<Deployed> {
  const known = deployed.get(f);
  if (known) return known;
  const made = (async () => {
    const cluster = await f.cluster({ capacityProviders: ['FARGATE'] });
    const service = await f.fargateService(cluster, { taskDefinition: await f.fargateDefinition(HEALTHY), networkConfiguration: PUBLIC_AWSVPC });
    await f.completedDeployment(cluster, service.serviceName);
    const { serviceDeployments } = await f.call('ListServiceDeployments', { cluster, service: service.serviceArn });
    return { cluster, service, deploymentArn: serviceDeployments[0].serviceDeploymentArn };
  })();
  deployed.set(f, made);
  return made;
}

export const TASK_SCENARIOS: Scenario[] = [
  {
    file: 'run-task.rst', match: /EBS/, note: EBS_NOTE,
    run: async (f) => f.call('RunTask', {
      cluster: await f.cluster(), taskDefinition: await f.fargateDefinition(), launchType: 'FARGATE', networkConfiguration: PUBLIC_AWSVPC,
    }),
  },
  {
    file: 'run-task.rst',
    exclude: { paths: /capacityProviderName$/, reason: "the example's cluster places EC2 tasks through an Auto Scaling group capacity provider" },
    run: async (f, ex) => f.call('RunTask', {
      cluster: await f.cluster(), taskDefinition: await f.ec2Definition(),
      clientToken: /--client-token/.test(ex.command) ? '550e8400-e29b-41d4-a716-446655440000' : undefined,
    }),
  },
  {
    file: 'start-task.rst', match: /EBS/, note: `${EBS_NOTE}; and without assignPublicIp, which Berth allows on Fargate only`,
    run: async (f) => {
      const cluster = await f.cluster();
      const { taskDefinition } = await f.call('RegisterTaskDefinition', {
        family: f.name('mytaskdef'), networkMode: 'awsvpc', cpu: '256', memory: '512',
        containerDefinitions: [{ name: 'container-using-ebs', image: f.image, command: ['sleep', '3600'], essential: true, stopTimeout: 2 }],
      });
      return f.call('StartTask', {
        cluster, taskDefinition: taskDefinition.taskDefinitionArn, containerInstances: [await f.localInstance(cluster)], networkConfiguration: AWSVPC_CONFIG,
      });
    },
  },
  {
    file: 'start-task.rst',
    run: async (f) => {
      const cluster = await f.cluster();
      return f.call('StartTask', { cluster, taskDefinition: await f.ec2Definition(), containerInstances: [await f.localInstance(cluster)] });
    },
  },
  {
    file: 'stop-task.rst', note: 'the stopped task is one whose container exited at once, as the example\'s failed to start',
    run: async (f) => {
      const cluster = await f.cluster();
      const taskDefinition = await f.ec2Definition(undefined, { command: ['false'] });
      const { tasks } = await f.call('RunTask', { cluster, taskDefinition });
      await f.taskWithStatus(cluster, tasks[0].taskArn, 'STOPPED');
      return f.call('StopTask', { cluster, task: tasks[0].taskArn });
    },
  },
  {
    file: 'describe-tasks.rst', match: /multiple tasks/,
    run: async (f) => {
      const cluster = await f.cluster();
      const service = await f.service(cluster, {
        taskDefinition: await f.fargateDefinition({ cpu: 99, memory: 100 }), launchType: 'FARGATE', networkConfiguration: AWSVPC_CONFIG, desiredCount: 2,
      });
      return f.describeTasks(cluster, await f.runningServiceTasks(cluster, service.serviceName, 2));
    },
  },
  {
    file: 'describe-tasks.rst',
    run: async (f) => {
      const cluster = await f.cluster();
      const taskDefinition = await f.ec2Definition(undefined, { portMappings: [{ containerPort: 80 }] });
      const service = await f.service(cluster, { taskDefinition });
      return f.describeTasks(cluster, await f.runningServiceTasks(cluster, service.serviceName, 1));
    },
  },
  {
    file: 'list-tasks.rst',
    run: async (f, ex) => {
      const cluster = await f.cluster();
      await f.call('RunTask', { cluster, taskDefinition: await f.ec2Definition() });
      const containerInstance = /--container-instance/.test(ex.command) ? await f.localInstance(cluster) : undefined;
      return f.call('ListTasks', { cluster, containerInstance });
    },
  },
];

export const SERVICE_SCENARIOS: Scenario[] = [
  {
    file: 'create-service.rst', match: /--launch-type FARGATE/,
    run: async (f) => ({
      service: await f.service(await f.cluster(), {
        taskDefinition: await f.fargateDefinition(), launchType: 'FARGATE', platformVersion: 'LATEST', networkConfiguration: PUBLIC_AWSVPC, tags: TAGS,
      }),
    }),
  },
  {
    file: 'create-service.rst', match: /sleep360:2/,
    run: async (f) => ({ service: await f.service(await f.cluster(), { taskDefinition: await f.ec2Definition() }) }),
  },
  {
    file: 'describe-services.rst',
    run: async (f) => {
      const cluster = await f.cluster();
      const service = await f.service(cluster, { taskDefinition: await f.ec2Definition(undefined, HEALTHY) });
      await f.completedDeployment(cluster, service.serviceName);
      return f.call('DescribeServices', { cluster, services: [service.serviceName] });
    },
  },
  {
    file: 'update-service.rst', match: /--volume-configurations/,
    exclude: { paths: /deployments\[\]\.volumeConfigurations/, reason: "the Amazon EBS volumes of the example's earlier deployment" },
    run: async (f) => {
      const family = f.name('mytaskdef');
      const { cluster, service } = await consoleService(f, family, { capacityProviderStrategy: undefined, launchType: 'FARGATE', platformVersion: 'LATEST' });
      const taskDefinition = await f.fargateDefinition({ environment: [{ name: 'REVISION', value: '2' }] }, family);
      return f.call('UpdateService', { cluster, service: service.serviceName, taskDefinition, desiredCount: 2, volumeConfigurations: [] });
    },
  },
  {
    file: 'update-service.rst', match: /--task-definition amazon-ecs-sample/,
    run: async (f) => {
      const family = f.name('amazon-ecs-sample');
      const { cluster, service } = await consoleService(f, family, { capacityProviderStrategy: undefined, launchType: 'FARGATE', platformVersion: '1.4.0' });
      const taskDefinition = await f.fargateDefinition({ environment: [{ name: 'REVISION', value: '2' }] }, family);
      return f.call('UpdateService', { cluster, service: service.serviceName, taskDefinition });
    },
  },
  {
    file: 'update-service.rst', match: /--desired-count 2/, exclude: TYPO,
    run: async (f) => {
      const { cluster, service } = await consoleService(f, f.name('MyTaskDefinition'), {});
      return f.call('UpdateService', { cluster, service: service.serviceName, desiredCount: 2 });
    },
  },
  {
    file: 'update-service.rst', match: /--availability-zone-rebalancing/, exclude: TYPO,
    run: async (f) => {
      const { cluster, service } = await consoleService(f, f.name('MyTaskDefinition'), {});
      return f.call('UpdateService', { cluster, service: service.serviceName, availabilityZoneRebalancing: 'ENABLED' });
    },
  },
  {
    file: 'list-services.rst',
    run: async (f) => {
      const cluster = await f.cluster();
      await f.service(cluster, { taskDefinition: await f.ec2Definition(), desiredCount: 0 });
      return f.call('ListServices', { cluster });
    },
  },
  {
    file: 'list-service-deployments.rst',
    run: async (f) => {
      const { cluster, service } = await deployedService(f);
      return f.call('ListServiceDeployments', { cluster, service: service.serviceArn });
    },
  },
  {
    file: 'describe-service-deployments.rst',
    run: async (f) => f.call('DescribeServiceDeployments', { serviceDeploymentArns: [(await deployedService(f)).deploymentArn] }),
  },
  {
    file: 'describe-service-revisions.rst',
    run: async (f) => {
      const { deploymentArn } = await deployedService(f);
      const { serviceDeployments } = await f.call('DescribeServiceDeployments', { serviceDeploymentArns: [deploymentArn] });
      return f.call('DescribeServiceRevisions', { serviceRevisionArns: [serviceDeployments[0].targetServiceRevision.arn] });
    },
  },
];
