/**
 * AWS managed policies: present in every account from the start, under
 * `arn:aws:iam::aws:policy/<path><name>`, never stored (their attachment counts are the
 * account's, from the holders' indexes). The documents are AWS's own, as recorded by
 * zoph-io/MAMIP (see aws-managed-policies.json's `source`); ReadOnlyAccess keeps only the
 * statements' actions of the services Berth serves (AWS's has some 2,700 actions).
 */
import data from './aws-managed-policies.json';

export interface AwsManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  CreateDate: string;
  UpdateDate: string;
  document: string;
  /** Service-role policies (path /aws-service-role/) attach only to service-linked roles. */
  serviceRole: boolean;
}

interface Entry { name: string; path: string; policyId: string; versionId: string; createDate: string; updateDate: string; document: string }

const seconds = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const AWS_MANAGED: readonly AwsManagedPolicy[] = (data.policies as Entry[]).map((e) => ({
  PolicyName: e.name,
  PolicyId: e.policyId,
  Arn: `arn:aws:iam::aws:policy${e.path}${e.name}`,
  Path: e.path,
  DefaultVersionId: e.versionId,
  CreateDate: seconds(e.createDate),
  UpdateDate: seconds(e.updateDate),
  document: e.document,
  serviceRole: e.path.startsWith('/aws-service-role/'),
}));

const BY_ARN = new Map(AWS_MANAGED.map((p) => [p.Arn, p]));

export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return BY_ARN.get(arn);
}

export const isAwsManagedArn = (arn: string) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);

/** The managed policy a service-linked role of a service gets, and the role's name. */
export const SERVICE_LINKED_ROLES: Record<string, { roleName: string; policyArn?: string; description?: string }> = {
  'ecs.amazonaws.com': { roleName: 'AWSServiceRoleForECS', policyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy', description: 'Role to enable Amazon ECS to manage your cluster.' },
  'elasticloadbalancing.amazonaws.com': { roleName: 'AWSServiceRoleForElasticLoadBalancing' },
  'ecs.application-autoscaling.amazonaws.com': { roleName: 'AWSServiceRoleForApplicationAutoScaling_ECSService' },
  'autoscaling.amazonaws.com': { roleName: 'AWSServiceRoleForAutoScaling' },
};

/** The service-linked role of `service`: an own key only, so "toString" is no service. */
export function serviceLinkedRole(service: string): (typeof SERVICE_LINKED_ROLES)[string] | undefined {
  return Object.hasOwn(SERVICE_LINKED_ROLES, service) ? SERVICE_LINKED_ROLES[service] : undefined;
}
