/**
 * ECS, ECR and ELBv2 read back after a fuzz run: clusters, services, task definitions,
 * repositories and images, load balancers with their listeners and rules, target groups;
 * references between them must resolve, and no task may exist (the guards kept every
 * launch from happening).
 */
import { DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, paginateListClusters, paginateListServices, paginateListTaskDefinitions, paginateListTasks } from '@aws-sdk/client-ecs';
import { DescribeImagesCommand, ECRClient, paginateDescribeRepositories, paginateListImages } from '@aws-sdk/client-ecr';
import {
  DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, paginateDescribeListeners, paginateDescribeLoadBalancers, paginateDescribeRules, paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { batches, Inspector, sample } from './inspector.js';

export async function inspectEcs(client: ECSClient, ins: Inspector): Promise<void> {
  const clusterArns = (await ins.pages('ecs ListClusters', paginateListClusters({ client }, {}))).flatMap((p) => p.clusterArns ?? []);
  ins.record('ecs cluster', clusterArns);
  for (const clusters of batches(clusterArns, 100)) {
    const out = await ins.check('ecs DescribeClusters', () => client.send(new DescribeClustersCommand({ clusters })));
    for (const f of out?.failures ?? []) ins.problem(`ecs: listed cluster ${f.arn} cannot be described: ${f.reason}`);
  }
  for (const cluster of sample(clusterArns)) {
    const serviceArns = (await ins.pages(`ecs ListServices ${cluster}`, paginateListServices({ client }, { cluster }))).flatMap((p) => p.serviceArns ?? []);
    ins.record('ecs service', serviceArns);
    for (const services of batches(serviceArns, 10)) {
      const out = await ins.check('ecs DescribeServices', () => client.send(new DescribeServicesCommand({ cluster, services })));
      for (const f of out?.failures ?? []) ins.problem(`ecs: listed service ${f.arn} cannot be described: ${f.reason}`);
    }
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      const tasks = (await ins.pages(`ecs ListTasks ${cluster}`, paginateListTasks({ client }, { cluster, desiredStatus }))).flatMap((p) => p.taskArns ?? []);
      for (const t of tasks) ins.problem(`ecs: a task exists, so a launch got past the guards: ${t}`);
    }
  }
  const families = (await ins.pages('ecs ListTaskDefinitions', paginateListTaskDefinitions({ client }, {}))).flatMap((p) => p.taskDefinitionArns ?? []);
  ins.record('ecs task definition', families);
  for (const taskDefinition of sample(families)) await ins.check(`ecs DescribeTaskDefinition ${taskDefinition}`, () => client.send(new DescribeTaskDefinitionCommand({ taskDefinition })));
}

export async function inspectEcr(client: ECRClient, ins: Inspector): Promise<void> {
  const repos = (await ins.pages('ecr DescribeRepositories', paginateDescribeRepositories({ client }, {}))).flatMap((p) => p.repositories ?? []);
  ins.record('ecr repository', repos.map((r) => r.repositoryArn));
  for (const repo of sample(repos)) {
    const repositoryName = repo.repositoryName!;
    const imageIds = (await ins.pages(`ecr ListImages ${repositoryName}`, paginateListImages({ client }, { repositoryName }))).flatMap((p) => p.imageIds ?? []);
    ins.record('ecr image', imageIds.map((i) => `${repositoryName}@${i.imageDigest}:${i.imageTag ?? ''}`));
    for (const ids of batches(imageIds, 100)) {
      const out = await ins.check(`ecr DescribeImages ${repositoryName}`, () => client.send(new DescribeImagesCommand({ repositoryName, imageIds: ids })));
      if (out && (out.imageDetails?.length ?? 0) === 0) ins.problem(`ecr: listed images of ${repositoryName} cannot be described`);
    }
  }
}

export async function inspectElbv2(client: ElasticLoadBalancingV2Client, ins: Inspector): Promise<void> {
  const lbs = (await ins.pages('elbv2 DescribeLoadBalancers', paginateDescribeLoadBalancers({ client }, {}))).flatMap((p) => p.LoadBalancers ?? []);
  ins.record('elbv2 load balancer', lbs.map((lb) => lb.LoadBalancerArn));
  const groups = (await ins.pages('elbv2 DescribeTargetGroups', paginateDescribeTargetGroups({ client }, {}))).flatMap((p) => p.TargetGroups ?? []);
  ins.record('elbv2 target group', groups.map((g) => g.TargetGroupArn));
  for (const g of groups) {
    for (const lb of g.LoadBalancerArns ?? []) if (!ins.has('elbv2 load balancer', lb)) ins.problem(`elbv2: target group ${g.TargetGroupArn} names a missing load balancer ${lb}`);
  }
  for (const g of sample(groups)) await ins.check(`elbv2 DescribeTargetHealth ${g.TargetGroupArn}`, () => client.send(new DescribeTargetHealthCommand({ TargetGroupArn: g.TargetGroupArn })));
  for (const lb of sample(lbs)) {
    const listeners = (await ins.pages(`elbv2 DescribeListeners ${lb.LoadBalancerArn}`, paginateDescribeListeners({ client }, { LoadBalancerArn: lb.LoadBalancerArn }))).flatMap((p) => p.Listeners ?? []);
    ins.record('elbv2 listener', listeners.map((l) => l.ListenerArn));
    for (const l of listeners) {
      const rules = (await ins.pages(`elbv2 DescribeRules ${l.ListenerArn}`, paginateDescribeRules({ client }, { ListenerArn: l.ListenerArn }))).flatMap((p) => p.Rules ?? []);
      ins.record('elbv2 rule', rules.map((r) => r.RuleArn));
      for (const r of rules) {
        for (const a of r.Actions ?? []) {
          const targets = [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)];
          for (const t of targets) if (t && !ins.has('elbv2 target group', t)) ins.problem(`elbv2: rule ${r.RuleArn} forwards to a missing target group ${t}`);
        }
      }
    }
  }
}
