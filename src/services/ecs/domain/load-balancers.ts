/**
 * What ECS needs from Elastic Load Balancing: target-group facts for validating a
 * service's loadBalancers, and registering task targets. The ELBv2 module provides
 * it; without one, services with load balancers are refused.
 */
export interface TargetGroupFacts {
  targetType: 'instance' | 'ip' | string;
  loadBalancerArns: string[];
  deregistrationDelaySeconds: number;
}

export interface TargetRef { id: string; port: number }

export interface TargetRegistry {
  targetGroup(targetGroupArn: string): TargetGroupFacts | undefined;
  register(targetGroupArn: string, targets: TargetRef[]): void;
  deregister(targetGroupArn: string, targets: TargetRef[]): void;
  /** ELB target state (initial, healthy, unhealthy, draining, unused, unavailable), undefined when unknown. */
  state(targetGroupArn: string, target: TargetRef): string | undefined;
}
