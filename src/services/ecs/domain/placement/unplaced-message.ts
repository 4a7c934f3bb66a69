/**
 * The service event ECS writes when a service task cannot be placed, from the closest
 * instance's refusal (placement failure reasons), in the wording of AWS's service event
 * messages. AWS's own output names the service and instance in parentheses, with the
 * Troubleshooting sentence at the end.
 */
import { DISTINCT_INSTANCE_UNSATISFIED, MEMBER_OF_UNSATISFIED } from './constraints.js';

export function unplacedTaskMessage(service: string, failure: { arn?: string; reason: string } | undefined): string {
  const instance = failure?.arn ? `(container-instance ${failure.arn.split('/').pop()})` : '';
  const closest = (what: string) => `The closest matching ${instance} ${what}`;
  const why: Record<string, string> = {
    'RESOURCE:CPU': closest('has insufficient CPU units available.'),
    'RESOURCE:MEMORY': closest('has insufficient memory available.'),
    'RESOURCE:PORTS': closest('is already using a port required by your task.'),
    'RESOURCE:PORTS_UDP': closest('is already using a port required by your task.'),
    ATTRIBUTE: closest('is missing an attribute required by your task.'),
    AGENT: closest('encountered error "AGENT".'),
    [DISTINCT_INSTANCE_UNSATISFIED]: closest(`encountered error "${DISTINCT_INSTANCE_UNSATISFIED}".`),
    [MEMBER_OF_UNSATISFIED]: closest(`encountered error "${MEMBER_OF_UNSATISFIED}".`),
    MISSING: 'Reason: No Container Instances were found in your capacity provider.',
  };
  const reason = why[failure?.reason ?? ''] ?? 'Reason: No Container Instances were found in your cluster.';
  return `(service ${service}) was unable to place a task because no container instance met all of its requirements. ${reason} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`;
}
