/**
 * The stored ELBv2 documents. Wire-named fields are what Describe* return, typed as the
 * generated contracts declare them, so a document's wire view is the contract's output
 * shape; lower-case fields are Berth's.
 */
import { LoadBalancer, LoadBalancerState, RedirectActionConfig, TargetGroup, TargetHealth } from '../../../protocol/generated/elbv2.js';

export interface Tag { Key: string; Value?: string }

/** The protocols of the model (Berth serves HTTP and TCP; the API refuses the others). */
export type Protocol = NonNullable<TargetGroup['Protocol']>;
export type TargetHealthReason = NonNullable<TargetHealth['Reason']>;

/** The wire-named (capitalised) members of a document. */
type WireKeys<T> = { [K in keyof T]: K extends Capitalize<K & string> ? K : never }[keyof T];
export type WireView<T> = Pick<T, WireKeys<T>>;

/** A stored document as the wire sees it: Berth's own (lower-case) fields left out, as strict output requires. */
export function wireView<T extends object>(doc: T): WireView<T> {
  // The filter is WireKeys at run time; TypeScript cannot follow Object.entries, hence the assertion.
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !/^[a-z]/.test(k))) as WireView<T>;
}

/** A network load balancer's static address in a zone (Elastic IP, private IPv4, IPv6), from its subnet mapping. */
export interface LoadBalancerAddress { IpAddress?: string; AllocationId?: string; PrivateIPv4Address?: string; IPv6Address?: string }

/** A zone of a load balancer; network load balancers list their addresses. */
export interface Zone { ZoneName: string; SubnetId: string; LoadBalancerAddresses?: LoadBalancerAddress[] }

export interface LoadBalancerDoc {
  LoadBalancerArn: string;
  DNSName: string;
  CanonicalHostedZoneId: string;
  CreatedTime: string;
  LoadBalancerName: string;
  Scheme: NonNullable<LoadBalancer['Scheme']>;
  VpcId: string;
  State: { Code: NonNullable<LoadBalancerState['Code']> };
  Type: 'application' | 'network';
  AvailabilityZones: Zone[];
  SecurityGroups?: string[];
  EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic?: 'on' | 'off';
  IpAddressType: NonNullable<LoadBalancer['IpAddressType']>;
  attributes: Record<string, string>;
  /** The LCU reservation, when one was requested; provisioned at once (Berth has no capacity to wait for). */
  capacity?: CapacityReservation;
  tags: Tag[];
}

export interface CapacityReservation {
  capacityUnits?: number;
  lastModified: string;
  /** When each capacity decrease (or reset) was asked for: AWS allows two a day. */
  decreases: string[];
}

export interface Matcher { HttpCode?: string; GrpcCode?: string }

export interface TargetGroupDoc {
  TargetGroupArn: string;
  TargetGroupName: string;
  Protocol?: Protocol;
  Port?: number;
  VpcId?: string;
  HealthCheckProtocol?: Protocol;
  HealthCheckPort?: string;
  HealthCheckEnabled: boolean;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  HealthCheckPath?: string;
  Matcher?: Matcher;
  TargetType: 'instance' | 'ip';
  ProtocolVersion?: string;
  IpAddressType: NonNullable<TargetGroup['IpAddressType']>;
  attributes: Record<string, string>;
  tags: Tag[];
}

export interface TargetGroupTuple { TargetGroupArn: string; Weight?: number }

/**
 * An action as stored, after normalizeActions: a type Berth serves, and every target group
 * named by its ARN (the contract's Action, which requests use, leaves both open).
 */
export interface Action {
  Type: 'forward' | 'redirect' | 'fixed-response';
  TargetGroupArn?: string;
  Order?: number;
  ForwardConfig?: { TargetGroups?: TargetGroupTuple[]; TargetGroupStickinessConfig?: { Enabled?: boolean; DurationSeconds?: number } };
  RedirectConfig?: { Protocol?: string; Port?: string; Host?: string; Path?: string; Query?: string; StatusCode: RedirectActionConfig['StatusCode'] };
  FixedResponseConfig?: { MessageBody?: string; StatusCode: string; ContentType?: string };
}

export interface RuleCondition {
  Field?: string;
  Values?: string[];
  HostHeaderConfig?: { Values?: string[] };
  PathPatternConfig?: { Values?: string[] };
  HttpHeaderConfig?: { HttpHeaderName?: string; Values?: string[] };
  QueryStringConfig?: { Values?: { Key?: string; Value?: string }[] };
  HttpRequestMethodConfig?: { Values?: string[] };
  SourceIpConfig?: { Values?: string[] };
}

export interface ListenerDoc {
  ListenerArn: string;
  LoadBalancerArn: string;
  Port: number;
  Protocol: Protocol;
  /** HTTPS: the default certificate, the only one DescribeListeners shows. */
  Certificates?: { CertificateArn?: string }[];
  SslPolicy?: string;
  /** HTTPS: the certificates AddListenerCertificates added, chosen by SNI. */
  extraCertificates?: string[];
  DefaultActions: Action[];
  /** The ARN DescribeRules shows for the listener's default rule. */
  defaultRuleArn: string;
  /** Listener attributes; absent on listeners stored before Berth had them (the protocol's defaults apply). */
  attributes?: Record<string, string>;
  tags: Tag[];
}

export interface RuleDoc {
  RuleArn: string;
  ListenerArn: string;
  Priority: number;
  Conditions: RuleCondition[];
  Actions: Action[];
  tags: Tag[];
}

export interface TargetDoc {
  targetGroupArn: string;
  id: string;
  port: number;
  registeredAt: string;
  /** Set by DeregisterTargets: the target drains until drainUntil, then the data plane removes it. */
  drainingSince?: string;
  drainUntil?: string;
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

export interface TargetHealthDoc {
  targetGroupArn: string;
  id: string;
  port: number;
  state: TargetState;
  reason?: TargetHealthReason;
  description?: string;
  updatedAt: string;
}
