/**
 * A Berth module: one AWS service area (ECS, ECR, ELBv2, …) with its API services,
 * any raw HTTP routes on the edge port (e.g. the registry's /v2/), and the controllers
 * it starts. Each declares the ports it provides to other modules and the ones it
 * requires; the composition root (berth.ts) builds them in an order that satisfies both.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from './platform/clock.js';
import { Config } from './platform/config.js';
import { Logger } from './platform/log.js';
import { RawRoute, ServiceDefinition } from './protocol/service.js';
import { RootCredentials } from './iam/root-credentials.js';
import { ContainerRuntime } from './runtime/runtime.js';
import { RuntimePool } from './runtime/runtime-pool.js';
import { AdminHandler } from './platform/admin-socket.js';
import { Store } from './state/store.js';
import { MetricsStore } from './metrics/store.js';
import { ImageResolver } from './services/ecr/domain/ports.js';
import { TargetRegistry } from './services/elbv2/domain/ports.js';
import { IamDirectory } from './services/iam/domain/ports.js';
import { KeyVault } from './services/kms/domain/ports.js';
import { ParameterReader } from './services/ssm/domain/ports.js';
import { SecretReader } from './services/secretsmanager/domain/ports.js';
import { CertificateStore } from './services/acm/domain/ports.js';
import { ServiceScaler } from './services/ecs/domain/ports.js';
import { AlarmService } from './services/cloudwatch/domain/ports.js';

export interface ModuleContext {
  config: Config;
  store: Store;
  /** Time series (src/metrics/): high-rate data goes here, never to the watched document store. */
  metrics: MetricsStore;
  /** The local engine's runtime; `runtimes.local`. */
  runtime: ContainerRuntime;
  /** Every Docker host's runtime (the local one and those the operator added). */
  runtimes: RuntimePool;
  clock: Clock;
  log: Logger;
  /** This data dir's id, in every label Berth puts on engine objects. */
  ownerId: string;
  credentials: RootCredentials;
  /** The edge port actually bound (config.port may be 0). */
  port: number;
  /** http://host:port of the edge. */
  endpoint: string;
  /** The edge's request listener (answers 503 until Berth is up): for AWS API calls arriving elsewhere. */
  edge: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface BerthModule {
  name: string;
  services?: ServiceDefinition[];
  /** Path prefix → handler, served before the AWS API routing. */
  rawRoutes?: Record<string, RawRoute>;
  /** The ports this module provides (see ModuleDefinition.provides). */
  ports?: Partial<Ports>;
  /** Operator commands served on the admin socket (src/platform/admin-socket.ts), by name. */
  admin?: Record<string, AdminHandler>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** What modules offer each other, by name. Each port's type lives in its provider's `domain/ports.ts`. */
export interface Ports {
  /** ECR: the images ECS tasks pull from Berth's registry. */
  imageResolver: ImageResolver;
  /** ELBv2: target groups and target registration for ECS services. */
  targetRegistry: TargetRegistry;
  /** IAM: access keys and their principals, the policies that apply to them, roles and sessions (edge, authorizer, STS). */
  iamDirectory: IamDirectory;
  /** KMS: envelope encryption for SSM SecureString parameters and Secrets Manager secrets. */
  keyVault: KeyVault;
  /** SSM: parameter values for ECS task `secrets`. */
  parameterReader: ParameterReader;
  /** Secrets Manager: secret values for ECS task `secrets`. */
  secretReader: SecretReader;
  /** ACM: certificates and their keys for HTTPS listeners, and which load balancers use them. */
  certificateStore: CertificateStore;
  /** ECS: services' counts, and desiredCount changes through UpdateService (Application Auto Scaling). */
  serviceScaler: ServiceScaler;
  /** CloudWatch: alarms other services own or watch, and the actions alarms perform through them. */
  alarms: AlarmService;
}

export type PortName = keyof Ports;

export interface ModuleDefinition {
  name: string;
  /** Ports built by this module, handed to every module that requires them. */
  provides?: PortName[];
  /** Ports this module uses; `optional` ones it works without (when no module provides them). */
  requires?: Partial<Record<PortName, 'required' | 'optional'>>;
  build(ctx: ModuleContext, ports: Partial<Ports>): Promise<BerthModule>;
}

/**
 * The order to build modules in: each after the providers of the ports it requires.
 * Fails on a required port nobody provides and on providers that require each other.
 */
export function buildOrder(definitions: ModuleDefinition[]): ModuleDefinition[] {
  const providers = new Map<PortName, ModuleDefinition>();
  for (const d of definitions) for (const p of d.provides ?? []) providers.set(p, d);
  const ordered: ModuleDefinition[] = [];
  const visiting = new Set<ModuleDefinition>();
  const visit = (d: ModuleDefinition) => {
    if (ordered.includes(d)) return;
    if (visiting.has(d)) throw new Error(`modules require each other's ports: ${[...visiting].map((x) => x.name).join(' → ')} → ${d.name}`);
    visiting.add(d);
    for (const [port, need] of Object.entries(d.requires ?? {}) as [PortName, string][]) {
      const provider = providers.get(port);
      if (provider) visit(provider);
      else if (need === 'required') throw new Error(`module ${d.name} requires port ${port}, which no module provides`);
    }
    visiting.delete(d);
    ordered.push(d);
  };
  definitions.forEach(visit);
  return ordered;
}

/** Builds every module in `buildOrder`, handing each the ports built before it. */
export async function buildModules(ctx: ModuleContext, definitions: ModuleDefinition[]): Promise<BerthModule[]> {
  const ports: Partial<Ports> = {};
  const modules: BerthModule[] = [];
  for (const d of buildOrder(definitions)) {
    const m = await d.build(ctx, ports);
    for (const p of d.provides ?? []) {
      if (!m.ports?.[p]) throw new Error(`module ${d.name} declares port ${p} but did not build it`);
      Object.assign(ports, { [p]: m.ports[p] });
    }
    modules.push(m);
  }
  return modules;
}
