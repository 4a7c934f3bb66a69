/**
 * A Berth module: one AWS service area (ECS, ECR, ELBv2, …) with its API services,
 * any raw HTTP routes on the edge port (e.g. the registry's /v2/), and the controllers
 * it starts. The composition root (berth.ts) builds each module from a ModuleContext.
 */
import { Clock } from './platform/clock.js';
import { Config } from './platform/config.js';
import { Logger } from './platform/log.js';
import { RawRoute, ServiceDefinition } from './protocol/service.js';
import { RootCredentials } from './iam/root-credentials.js';
import { ContainerRuntime } from './runtime/runtime.js';
import { Store } from './state/store.js';
import { MetricsStore } from './metrics/store.js';

export interface ModuleContext {
  config: Config;
  store: Store;
  /** Time series (src/metrics/): high-rate data goes here, never to the watched document store. */
  metrics: MetricsStore;
  runtime: ContainerRuntime;
  clock: Clock;
  log: Logger;
  /** This data dir's id, in every label Berth puts on engine objects. */
  ownerId: string;
  credentials: RootCredentials;
  /** The edge port actually bound (config.port may be 0). */
  port: number;
  /** http://host:port of the edge. */
  endpoint: string;
}

export interface BerthModule {
  name: string;
  services?: ServiceDefinition[];
  /** Path prefix → handler, served before the AWS API routing. */
  rawRoutes?: Record<string, RawRoute>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
