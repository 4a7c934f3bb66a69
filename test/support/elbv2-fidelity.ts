/**
 * How each AWS CLI example of ELBv2 is replayed against Berth: the call equivalent to its
 * command, through the SDK, after creating what the example presupposes (load balancers,
 * target groups, listeners forwarding to them, rules, registered targets). Examples about
 * features Berth lacks are skipped with the reason. No containers: targets are instance ids
 * and addresses nothing answers on, so their health is whatever the checks find.
 */
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { CliExample } from './aws-cli-examples.js';
import { TEST_CREDENTIALS } from './berth-process.js';
import { ReplayScenario, Skip } from './fidelity-replay.js';
import { freePort } from './elbv2-helpers.js';

/** An answer as the aws CLI prints it; the replay reads it loosely. */
export type Wire = any;

/** The examples' own subnets, VPC and security group: well-formed ids, which is all Berth checks. */
const SUBNETS = ['subnet-b7d581c0', 'subnet-8360a9e7'];
const VPC = 'vpc-3ac0fb5f';

export class Elbv2Fixtures {
  private serial = 0;
  private readonly client: elbv2.ElasticLoadBalancingV2Client;
  private readonly acm: ACMClient;

  constructor(endpoint: string) {
    this.client = new elbv2.ElasticLoadBalancingV2Client({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    this.acm = new ACMClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  }

  /** A certificate ACM issues at once from Berth's private CA; its ARN. */
  async certificate(): Promise<string> {
    return (await this.acm.send(new RequestCertificateCommand({ DomainName: `${this.name('site')}.example.com` }))).CertificateArn!;
  }

  /** An HTTPS listener forwarding to the target group with one ACM certificate; its ARN. */
  async httpsListener(LoadBalancerArn: string, TargetGroupArn: string, input: object = {}): Promise<string> {
    const out = await this.call('CreateListener', {
      LoadBalancerArn, Protocol: 'HTTPS', Port: await freePort(), Certificates: [{ CertificateArn: await this.certificate() }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn }], ...input,
    });
    return out.Listeners[0].ListenerArn;
  }

  /** One ELBv2 call; the answer as JSON (no $metadata, no absent members, times as strings), as the CLI prints it. */
  async call(operation: string, input: object = {}): Promise<Wire> {
    const Command = (elbv2 as Record<string, any>)[`${operation}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation}`);
    const { $metadata: _, ...out } = await this.client.send(new Command(input));
    return JSON.parse(JSON.stringify(out));
  }

  /** A name no other scenario uses, so scenarios never see each other's resources. */
  name(prefix: string): string {
    return `${prefix}-${++this.serial}`;
  }

  /** An internet-facing application load balancer in the examples' two subnets; its ARN. */
  async alb(input: object = {}): Promise<string> {
    return (await this.call('CreateLoadBalancer', { Name: this.name('my-load-balancer'), Subnets: SUBNETS, ...input })).LoadBalancers[0].LoadBalancerArn;
  }

  /** An HTTP target group of instances on port 80 (AWS's my-targets); its ARN. */
  async targetGroup(input: object = {}): Promise<string> {
    const out = await this.call('CreateTargetGroup', { Name: this.name('my-targets'), Protocol: 'HTTP', Port: 80, VpcId: VPC, TargetType: 'instance', ...input });
    return out.TargetGroups[0].TargetGroupArn;
  }

  /** An HTTP listener of the load balancer forwarding to the target group, on a port free on this host; its ARN. */
  async listener(LoadBalancerArn: string, TargetGroupArn: string): Promise<string> {
    const out = await this.call('CreateListener', { LoadBalancerArn, Protocol: 'HTTP', Port: await freePort(), DefaultActions: [{ Type: 'forward', TargetGroupArn }] });
    return out.Listeners[0].ListenerArn;
  }

  /** A load balancer whose listener forwards to a target group (AWS's my-load-balancer and my-targets). */
  async web(group: object = {}): Promise<{ lb: string; tg: string; listener: string }> {
    const lb = await this.alb();
    const tg = await this.targetGroup(group);
    return { lb, tg, listener: await this.listener(lb, tg) };
  }

  /** A rule forwarding a path pattern to the target group; its ARN. */
  async pathRule(ListenerArn: string, TargetGroupArn: string, Priority: number, path: string): Promise<string> {
    const out = await this.call('CreateRule', { ListenerArn, Priority, Conditions: [{ Field: 'path-pattern', Values: [path] }], Actions: [{ Type: 'forward', TargetGroupArn }] });
    return out.Rules[0].RuleArn;
  }
}

export type Elbv2Scenario = ReplayScenario<Elbv2Fixtures>;

/** The value of `--<name>` in the example's command. */
function arg(ex: CliExample, name: string): string | undefined {
  return new RegExp(`--${name} (\\S+)`).exec(ex.command)?.[1];
}

/** `Key=k,Value=v` pairs of the example's command. */
const attributes = (ex: CliExample) => [...ex.command.matchAll(/Key=([^,\s]+),Value=(\S*)/g)].map(([, Key, Value]) => ({ Key, Value }));


export const SKIPPED: Skip[] = [
  { file: 'create-listener.rst', match: /gateway|\/gwy\//, reason: 'Gateway Load Balancers' },
  { file: 'create-load-balancer.rst', match: /--type gateway/, reason: 'Gateway Load Balancers' },
  { file: 'create-target-group.rst', match: /--target-type lambda/, reason: 'Lambda function targets' },
  { file: 'create-target-group.rst', match: /GENEVE/, reason: 'GENEVE target groups of Gateway Load Balancers' },
];

export const SCENARIOS: Elbv2Scenario[] = [
  {
    file: 'create-load-balancer.rst', match: /--type network/,
    run: (f, ex) => f.call('CreateLoadBalancer', {
      Name: f.name('my-network-load-balancer'), Type: 'network',
      SubnetMappings: [{ SubnetId: SUBNETS[0], AllocationId: /AllocationId=(\S+)/.exec(ex.command)?.[1] }],
    }),
  },
  {
    file: 'create-load-balancer.rst',
    run: (f, ex) => f.call('CreateLoadBalancer', { Name: f.name('my-load-balancer'), Subnets: SUBNETS, Scheme: arg(ex, 'scheme') }),
  },
  {
    file: 'create-target-group.rst',
    run: (f, ex) => f.call('CreateTargetGroup', {
      Name: f.name(arg(ex, 'name')!), Protocol: arg(ex, 'protocol'), Port: Number(arg(ex, 'port')), TargetType: arg(ex, 'target-type'), VpcId: arg(ex, 'vpc-id'),
    }),
  },
  { file: 'describe-account-limits.rst', run: (f) => f.call('DescribeAccountLimits') },
  {
    file: 'add-listener-certificates.rst',
    run: async (f) => {
      const { lb, tg } = await f.web();
      return f.call('AddListenerCertificates', { ListenerArn: await f.httpsListener(lb, tg), Certificates: [{ CertificateArn: await f.certificate() }] });
    },
  },
  {
    file: 'describe-listener-certificates.rst', note: 'two certificates added beside the default one, as in the example',
    run: async (f) => {
      const { lb, tg } = await f.web();
      const ListenerArn = await f.httpsListener(lb, tg);
      await f.call('AddListenerCertificates', { ListenerArn, Certificates: [{ CertificateArn: await f.certificate() }, { CertificateArn: await f.certificate() }] });
      return f.call('DescribeListenerCertificates', { ListenerArn });
    },
  },
  {
    file: 'modify-listener.rst', match: /--certificates/, note: 'an ACM certificate stands in for the IAM server certificate, which Berth does not keep',
    run: async (f) => {
      const { lb, tg } = await f.web();
      const ListenerArn = await f.httpsListener(lb, tg, { SslPolicy: 'ELBSecurityPolicy-2015-05' });
      return f.call('ModifyListener', { ListenerArn, Certificates: [{ CertificateArn: await f.certificate() }] });
    },
  },
  {
    file: 'describe-listeners.rst', match: /--listener-arns/,
    run: async (f) => f.call('DescribeListeners', { ListenerArns: [(await f.web()).listener] }),
  },
  {
    file: 'describe-listeners.rst', match: /--load-balancer-arn/,
    note: 'the second listener is HTTPS with a certificate Berth\'s private CA issued',
    run: async (f) => {
      const { lb, tg } = await f.web();
      await f.httpsListener(lb, tg);
      return f.call('DescribeListeners', { LoadBalancerArn: lb });
    },
  },
  { file: 'describe-load-balancers.rst', run: async (f) => f.call('DescribeLoadBalancers', { LoadBalancerArns: [await f.alb()] }) },
  {
    file: 'describe-tags.rst',
    run: async (f) => f.call('DescribeTags', { ResourceArns: [await f.alb({ Tags: [{ Key: 'project', Value: 'lima' }, { Key: 'department', Value: 'digital-media' }] })] }),
  },
  {
    file: 'describe-target-groups.rst',
    run: async (f) => f.call('DescribeTargetGroups', { TargetGroupArns: [(await f.web()).tg] }),
  },
  {
    file: 'describe-target-health.rst',
    run: async (f, ex) => {
      const { tg } = await f.web();
      await f.call('RegisterTargets', { TargetGroupArn: tg, Targets: [{ Id: 'i-ceddcd4d', Port: 80 }, { Id: 'i-0f76fade', Port: 80 }] });
      return f.call('DescribeTargetHealth', { TargetGroupArn: tg, Targets: /--targets/.test(ex.command) ? [{ Id: 'i-0f76fade', Port: 80 }] : undefined });
    },
  },
  {
    file: 'modify-listener.rst', match: /Type=redirect/,
    exclude: { paths: /DefaultActions\[\]\.TargetGroupArn$/, reason: 'the example pairs a redirect with a target group, which AWS refuses: a redirect has a RedirectConfig' },
    note: 'the redirect goes to HTTPS on port 443, as a redirect action needs a RedirectConfig',
    run: async (f) => f.call('ModifyListener', {
      ListenerArn: (await f.web()).listener,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    }),
  },
  {
    file: 'modify-listener.rst',
    run: async (f) => {
      const { listener } = await f.web();
      const TargetGroupArn = await f.targetGroup({ Name: f.name('my-new-targets') });
      return f.call('ModifyListener', { ListenerArn: listener, DefaultActions: [{ Type: 'forward', TargetGroupArn }] });
    },
  },
  {
    file: 'modify-load-balancer-attributes.rst',
    run: async (f, ex) => f.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: await f.alb(), Attributes: attributes(ex) }),
  },
  {
    file: 'modify-rule.rst',
    run: async (f) => {
      const { listener, tg } = await f.web();
      const RuleArn = await f.pathRule(listener, tg, 10, '/img/*');
      return f.call('ModifyRule', { RuleArn, Conditions: [{ Field: 'path-pattern', Values: ['/images/*'] }], Actions: [{ Type: 'forward', TargetGroupArn: tg }] });
    },
  },
  {
    file: 'modify-target-group-attributes.rst',
    run: async (f, ex) => f.call('ModifyTargetGroupAttributes', { TargetGroupArn: await f.targetGroup(), Attributes: attributes(ex) }),
  },
  {
    file: 'modify-target-group.rst',
    note: 'an HTTP group on port 443 stands in for the HTTPS one, and its health checks move to port 443 over HTTP: Berth has no HTTPS target groups (health checks over TLS)',
    run: async (f) => f.call('ModifyTargetGroup', { TargetGroupArn: (await f.web({ Name: f.name('my-https-targets'), Port: 443 })).tg, HealthCheckPort: '443' }),
  },
  { file: 'set-ip-address-type.rst', run: async (f) => f.call('SetIpAddressType', { LoadBalancerArn: await f.alb(), IpAddressType: 'dualstack' }) },
  {
    file: 'set-rule-priorities.rst',
    run: async (f) => {
      const { listener, tg } = await f.web();
      const RuleArn = await f.pathRule(listener, tg, 10, '/img/*');
      return f.call('SetRulePriorities', { RulePriorities: [{ RuleArn, Priority: 5 }] });
    },
  },
  { file: 'set-security-groups.rst', run: async (f) => f.call('SetSecurityGroups', { LoadBalancerArn: await f.alb(), SecurityGroups: ['sg-5943793c'] }) },
  {
    file: 'set-subnets.rst',
    run: async (f) => f.call('SetSubnets', { LoadBalancerArn: await f.alb({ Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] }), Subnets: SUBNETS }),
  },
];
