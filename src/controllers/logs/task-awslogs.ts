/**
 * What a task asks of the awslogs driver: per container with `logConfiguration.logDriver =
 * "awslogs"`, its options (read as Docker reads them), the log group's scope (awslogs-region,
 * else the task's Region; always the task's account) and, once the container exists, its
 * stream. And how ECS words a driver that cannot start: on EC2 the engine's error as the
 * agent reports it (CannotCreateContainerError / CannotStartContainerError), on Fargate
 * ResourceInitializationError.
 */
import { parseArn } from '../../platform/aws/arn.js';
import { Scope } from '../../platform/aws/scope.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { AwslogsConfig, AwslogsConfigError, readAwslogsOptions, streamNameOf } from '../../services/logs/domain/awslogs/options.js';
import { taskIdOf } from '../tasks/container-spec.js';

export interface AwslogsContainer {
  name: string;
  scope: Scope;
  config: AwslogsConfig;
}

export interface DriverFailure {
  container: string;
  reason: string;
}

export type TaskAwslogs = { containers: AwslogsContainer[] } | { failure: DriverFailure };

export const usesAwslogs = (t: TaskDoc) => t.berth.containers.some((c) => c.logConfiguration?.logDriver === 'awslogs');

/** The task's awslogs containers, or the first whose options the driver would refuse. */
export function taskAwslogs(t: TaskDoc): TaskAwslogs {
  const arn = parseArn(t.taskArn)!;
  const containers: AwslogsContainer[] = [];
  for (const def of t.berth.containers) {
    if (def.logConfiguration?.logDriver !== 'awslogs') continue;
    try {
      const config = readAwslogsOptions(def.logConfiguration.options);
      containers.push({ name: def.name!, scope: { region: config.region ?? arn.region, accountId: arn.accountId }, config });
    } catch (e) {
      if (!(e instanceof AwslogsConfigError)) throw e;
      return { failure: { container: def.name!, reason: optionsRefused(t, e.message) } };
    }
  }
  return { containers };
}

/** The stream a container writes to, once it exists on the engine. */
export const streamOf = (t: TaskDoc, c: AwslogsContainer, runtimeId: string) => streamNameOf(c.config, c.name, taskIdOf(t), runtimeId);

function optionsRefused(t: TaskDoc, message: string): string {
  return t.berth.fargate
    ? `ResourceInitializationError: failed to validate logger args: ${message} : exit status 1`
    : `CannotCreateContainerError: Error response from daemon: ${message}`;
}

export function missingGroup(t: TaskDoc): string {
  const cause = 'failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.';
  return t.berth.fargate
    ? `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ${cause} : exit status 1`
    : `CannotStartContainerError: Error response from daemon: failed to initialize logging driver: ${cause}`;
}
