/**
 * What Elastic Load Balancing offers other services: target-group facts (ECS validates a
 * service's loadBalancers with them) and target registration (ECS registers its service
 * tasks). The ELBv2 module provides a TargetRegistry; without one, ECS refuses services
 * with load balancers.
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
