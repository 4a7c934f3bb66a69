/**
 * What the models cannot say: members holding JSON documents (IAM, key, secret and
 * repository policies, lifecycle rules), names with a fixed prefix (alias/…), ids of
 * resources Berth does not model (subnets, VPCs, security groups), and members a service
 * needs though the model leaves them optional (a container's name and image, a load
 * balancer's subnets, a parameter's type). Without them almost every create would be
 * refused, and so would everything that acts on what a create makes.
 */
import type { MemberRef } from '../../src/protocol/model.js';
import { Random } from './random.js';

// The account of a Berth started without --account-id.
const ACCOUNT = '000000000000';
const ACCOUNT_ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const statement = (extra: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...extra }] });
const hex = (rnd: Random, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rnd.int(0, 15)]).join('');
const uuid = (rnd: Random) => `${hex(rnd, 8)}-${hex(rnd, 4)}-4${hex(rnd, 3)}-8${hex(rnd, 3)}-${hex(rnd, 12)}`;

/** Candidate values per member name; the generator takes the first its shape accepts. */
const HINTS: [RegExp, (rnd: Random) => string[]][] = [
  [/^AssumeRolePolicyDocument$/, () => [statement({ Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: undefined })]],
  [/^PolicyDocument$/, (rnd) => [statement({ Action: rnd.pick(['ecs:List*', 's3:GetObject', '*']) })]],
  [/^(Policy|ResourcePolicy|policyText)$/, () => [statement({ Principal: { AWS: ACCOUNT_ROOT }, Action: '*' })]],
  [/^lifecyclePolicyText$/, (rnd) => [JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: rnd.int(1, 5) }, action: { type: 'expire' } }] })]],
  [/^(AliasName|TargetAliasName)$/, (rnd) => [`alias/fz-${rnd.text(8)}`]],
  [/^image$/, () => ['public.ecr.aws/docker/library/busybox:latest']],
  [/^(name|Name|family|clusterName|serviceName|repositoryName|UserName|RoleName|GroupName|PolicyName)$/, (rnd) => [`fz-${rnd.text(8)}`]],
  [/^(Subnets|subnets|SubnetId)$/, (rnd) => [`subnet-${hex(rnd, 17)}`]],
  [/^(SecurityGroups|securityGroups)$/, (rnd) => [`sg-${hex(rnd, 17)}`]],
  [/^VpcId$/, (rnd) => [`vpc-${hex(rnd, 17)}`]],
  [/^(cpu|memory)$/, (rnd) => [rnd.pick(['256', '512', '1024'])]],
  // Enums: the values Berth supports, so the create goes through more often than a random enum value lets it.
  [/^(Protocol|HealthCheckProtocol)$/, (rnd) => [rnd.pick(['HTTP', 'TCP'])]],
  [/^TargetType$/, (rnd) => [rnd.pick(['instance', 'ip'])]],
  [/^Type$/, (rnd) => [rnd.pick(['application', 'network', 'String', 'StringList', 'SecureString'])]],
  [/^(KeySpec|KeyUsage|Origin)$/, () => ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'AWS_KMS']],
  [/^(ClientRequestToken|ClientToken|clientToken)$/, (rnd) => [uuid(rnd)]],
  [/^(registryId|RegistryId|AccountId|accountId)$/, () => [ACCOUNT]],
];

/** Members generated always, though optional in the model (idempotency tokens: the SDKs fill them in). */
const ALWAYS = new Set(['name', 'image', 'memory', 'Subnets', 'Protocol', 'Port', 'TargetType', 'Type', 'VpcId']);

export function hintsFor(member: string, rnd: Random): string[] {
  for (const [re, make] of HINTS) if (re.test(member)) return make(rnd);
  return [];
}

export function alwaysInclude(member: string, ref: MemberRef): boolean {
  return ref.idempotencyToken === true || ALWAYS.has(member);
}
