/**
 * AWS target health vocabulary: the state, reason and description DescribeTargetHealth
 * shows, derived from the registration, whether the target group receives traffic, and
 * what the data plane observed.
 */
import { TargetDoc, TargetHealthReason, TargetState } from './docs.js';

export interface HealthView { state: TargetState; reason?: TargetHealthReason; description?: string }

export const REASONS = {
  registering: { reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' },
  initialChecking: { reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' },
  notRegistered: { reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' },
  notInUse: { reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' },
  deregistering: { reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' },
  disabled: { reason: 'Target.HealthCheckDisabled', description: 'Health checks are disabled' },
  timeout: { reason: 'Target.Timeout', description: 'Request timed out' },
  failed: { reason: 'Target.FailedHealthChecks', description: 'Health checks failed' },
} as const;

export function codeMismatch(code: string): { reason: TargetHealthReason; description: string } {
  return { reason: 'Target.ResponseCodeMismatch', description: `Health checks failed with these codes: [${code}]` };
}

/** The state before (or without) any observation: what the control plane alone knows. */
export function controlPlaneHealth(target: TargetDoc | undefined, inUse: boolean, healthCheckEnabled: boolean): HealthView | undefined {
  if (!target) return { state: 'unused', ...REASONS.notRegistered };
  if (target.drainingSince) return { state: 'draining', ...REASONS.deregistering };
  if (!inUse) return { state: 'unused', ...REASONS.notInUse };
  if (!healthCheckEnabled) return { state: 'unavailable', ...REASONS.disabled };
  return undefined;
}

/** What DescribeTargetHealth shows for a registration. */
export function describeHealth(target: TargetDoc | undefined, inUse: boolean, healthCheckEnabled: boolean, observed: HealthView | undefined): HealthView {
  const fixed = controlPlaneHealth(target, inUse, healthCheckEnabled);
  if (fixed) return fixed;
  if (observed && (observed.state === 'healthy' || observed.state === 'unhealthy' || observed.state === 'initial')) {
    return { state: observed.state, reason: observed.reason, description: observed.description };
  }
  return { state: 'initial', ...REASONS.registering };
}
