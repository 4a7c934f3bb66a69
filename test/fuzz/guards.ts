/**
 * What the fuzzer must never make Berth do: start containers (RunTask, StartTask and
 * services would pull random images from the internet and fill the engine) or send traffic
 * to addresses the fuzzer made up (registered load-balancer targets are health-checked).
 * Such operations always name a resource that cannot exist, so their inputs are fuzzed and
 * refused but never launch or register anything; the harness checks afterwards that no
 * task exists.
 */

const NEVER_REGISTERED_TASK_DEFINITION = 'berth-fuzz-never-registered:1';
const NEVER_CREATED_TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/berth-fuzz-none/0000000000000000';

/** Per service and operation: the member that must name a missing resource, and the name. */
const GUARDED: Record<string, Record<string, [member: string, value: string]>> = {
  ecs: {
    RunTask: ['taskDefinition', NEVER_REGISTERED_TASK_DEFINITION],
    StartTask: ['taskDefinition', NEVER_REGISTERED_TASK_DEFINITION],
    CreateService: ['taskDefinition', NEVER_REGISTERED_TASK_DEFINITION],
    UpdateService: ['taskDefinition', NEVER_REGISTERED_TASK_DEFINITION],
    CreateTaskSet: ['taskDefinition', NEVER_REGISTERED_TASK_DEFINITION],
  },
  elbv2: {
    RegisterTargets: ['TargetGroupArn', NEVER_CREATED_TARGET_GROUP],
  },
};

/**
 * Makes the input safe: the guarded member, when it is a string or missing, names the
 * missing resource (a wrong type stays: it is refused before anything runs).
 */
export function guard(service: string, operation: string, input: Record<string, unknown>): void {
  const rule = GUARDED[service]?.[operation];
  if (!rule) return;
  const [member, value] = rule;
  if (input[member] === undefined || typeof input[member] === 'string') input[member] = value;
}
