/**
 * ELBv2 resource ARNs and store keys. Load balancers, target groups, listeners and rules
 * are keyed by their ARN: ARNs start with region and account, and a listener's ARN
 * extends its load balancer's id, so a prefix lists one account's or one parent's children.
 */
import { createHash, randomBytes } from 'node:crypto';
import { clientError } from '../../../protocol/errors.js';

export const KIND = {
  loadBalancer: 'elbv2/load-balancer',
  targetGroup: 'elbv2/target-group',
  listener: 'elbv2/listener',
  rule: 'elbv2/rule',
  /** A registration: desired state written by RegisterTargets/DeregisterTargets. */
  target: 'elbv2/target',
  /** Observed health, written by the data plane's health reader. */
  targetHealth: 'elbv2/target-health',
} as const;

export interface Scope { region: string; accountId: string }

function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function arnPrefix(scope: Scope): string {
  return `arn:${partition(scope.region)}:elasticloadbalancing:${scope.region}:${scope.accountId}:`;
}

/** 16 lowercase hex characters, the id part of every ELBv2 ARN. */
export const shortId = () => randomBytes(8).toString('hex');

export const lbTypeSegment = (type: string) => (type === 'network' ? 'net' : 'app');

export const loadBalancerArn = (s: Scope, type: string, name: string, id = shortId()) => `${arnPrefix(s)}loadbalancer/${lbTypeSegment(type)}/${name}/${id}`;
export const targetGroupArn = (s: Scope, name: string, id = shortId()) => `${arnPrefix(s)}targetgroup/${name}/${id}`;

/** listener/app/<lb>/<lbid>/<id> from loadbalancer/app/<lb>/<lbid>. */
export function listenerArn(lbArn: string, id = shortId()): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${id}`;
}

export function ruleArn(listenerArnValue: string, id = shortId()): string {
  return `${listenerArnValue.replace(':listener/', ':listener-rule/')}/${id}`;
}

/** The load balancer ARN a listener or rule ARN belongs to. */
export function loadBalancerOf(childArn: string): string {
  const [head, resource] = splitResource(childArn);
  const parts = resource.split('/');
  return `${head}loadbalancer/${parts[1]}/${parts[2]}/${parts[3]}`;
}

export function listenerOf(rule: string): string {
  const [head, resource] = splitResource(rule);
  return `${head}${resource.replace(/^listener-rule\//, 'listener/').split('/').slice(0, 5).join('/')}`;
}

function splitResource(arn: string): [string, string] {
  const parts = arn.split(':');
  return [parts.slice(0, 5).join(':') + ':', parts.slice(5).join(':')];
}

/** The resource type of an ELBv2 ARN (loadbalancer, targetgroup, listener, listener-rule), or undefined. */
export function resourceType(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'elasticloadbalancing') return undefined;
  return parts.slice(5).join(':').split('/')[0];
}

export const targetKey = (tgArn: string, id: string, port: number) => `${tgArn}|${id}|${port}`;
export const targetPrefix = (tgArn: string) => `${tgArn}|`;

/** A stable, well-formed id derived from inputs (e.g. the VPC of a set of subnets). */
export function derivedId(prefix: string, seed: string, hexLen = 17): string {
  return `${prefix}-${createHash('sha256').update(seed).digest('hex').slice(0, hexLen)}`;
}

/** Name rules shared by load balancers and target groups: ≤32 alphanumerics or hyphens, no hyphen at either end. */
export function checkName(kind: 'load balancer' | 'target group', name: string): void {
  const label = kind === 'load balancer' ? 'Load balancer' : 'Target group';
  if (name.length > 32) throw clientError('ValidationError', `${label} name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw clientError('ValidationError', `${label} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw clientError('ValidationError', `${label} name '${name}' cannot begin or end with '-' character`);
  if (kind === 'load balancer' && name.toLowerCase().startsWith('internal-')) throw clientError('ValidationError', `Load balancer name '${name}' cannot begin with 'internal-'`);
}
