/** Small helpers the e2e tests share for driving tasks through the SDK. */
import { DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommandInput, RegisterTaskDefinitionCommand, RunTaskCommand, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import { eventually } from './berth-process.js';

export async function describeTask(ecs: ECSClient, cluster: string, arn: string): Promise<Task> {
  const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }));
  if (!out.tasks?.[0]) throw new Error(`task ${arn} not found: ${JSON.stringify(out.failures)}`);
  return out.tasks[0];
}

export async function waitForStatus(ecs: ECSClient, cluster: string, arn: string, status: string, timeoutMs = 60_000): Promise<Task> {
  return eventually(async () => {
    const t = await describeTask(ecs, cluster, arn);
    return t.lastStatus === status ? t : undefined;
  }, `task ${arn} to be ${status}`, timeoutMs, 100);
}

/** Registers a definition and runs one task of it; returns the task ARN. */
export async function runOne(ecs: ECSClient, cluster: string, def: RegisterTaskDefinitionCommandInput, run: Partial<RunTaskCommandInput> = {}): Promise<string> {
  await ecs.send(new RegisterTaskDefinitionCommand(def));
  const out = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: def.family, ...run }));
  if (!out.tasks?.[0]) throw new Error(`RunTask failed: ${JSON.stringify(out.failures)}`);
  return out.tasks[0].taskArn!;
}

export const AWSVPC = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'] } };
