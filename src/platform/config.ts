/**
 * Berth's settings: command-line flags win over environment variables, which win over
 * the defaults. Every default is what a laptop user wants with no flags at all.
 */
import { posix, resolve } from 'node:path';

export interface Config {
  port: number;
  /** Address the edge listens on. */
  bindHost: string;
  dataDir: string;
  dockerHost: string;
  /** Host address that task ports are published on. */
  publishIp: string;
  accountId: string;
  /** Register the local engine as a container instance of every cluster. */
  localInstance: boolean;
  stoppedTaskRetentionSeconds: number;
  /** How many tasks the controller works on at once (dockerd saturates near 8 concurrent starts on 2 cores). */
  taskConcurrency: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Address the load balancers' listeners bind (ELBv2 data plane). */
  lbBindIp: string;
  /** host[:port] in ECR repository URIs; default localhost:<port>. */
  registryHost?: string;
  /** How often ECR lifecycle policies and registry garbage collection run. */
  registryMaintenanceSeconds: number;
  /** Host paths task volumes may bind: 'any', or normalised absolute prefixes ([] = none). */
  allowHostMounts: 'any' | string[];
  allowPrivileged: boolean;
  /** Linux capabilities containers may add: 'any', or names without CAP_ ([] = none). */
  allowCapabilities: 'any' | string[];
  /** networkMode, pidMode and ipcMode 'host'. */
  allowHostNamespaces: boolean;
  /** IAM policies: 'enforce' refuses what they do not allow; 'log' allows it and logs a warning. */
  iamEnforcement: 'enforce' | 'log';
  /** The edge serves HTTPS with a certificate from the data dir's private CA. */
  tls: boolean;
  /** Port of the task endpoint (credentials, metadata) that 169.254.170.2:80 is redirected to; 'off' serves none. */
  taskEndpointPort: number | 'off';
  /**
   * CloudWatch's minute, in seconds: how often alarms are evaluated and Auto Scaling alarm
   * actions repeat, and the shortest standard period (periods that are multiples of it are
   * accepted). 60 as in AWS; tests set a few seconds to compress time.
   */
  metricPeriodSeconds: number;
  /** How long a remote Docker host may stay silent before its tasks are stopped and replaced. */
  hostGraceSeconds: number;
  /** Chaos: FARGATE_SPOT interruptions per task-hour, at random; 0 is off. */
  spotInterruptionRate: number;
  rootAccessKeyId?: string;
  rootSecretAccessKey?: string;
}

/**
 * The operator's limits on what task definitions may take from the host. ECS allows all
 * of it on the EC2 launch type, so the defaults do too; Fargate refuses it regardless.
 */
export type HostAccessPolicy = Pick<Config, 'allowHostMounts' | 'allowPrivileged' | 'allowCapabilities' | 'allowHostNamespaces'>;

const FLAGS: Record<string, { env: string; key: keyof Config }> = {
  '--port': { env: 'BERTH_PORT', key: 'port' },
  '--host': { env: 'BERTH_HOST', key: 'bindHost' },
  '--data-dir': { env: 'BERTH_DATA_DIR', key: 'dataDir' },
  '--docker-host': { env: 'DOCKER_HOST', key: 'dockerHost' },
  '--publish-ip': { env: 'BERTH_PUBLISH_IP', key: 'publishIp' },
  '--account-id': { env: 'BERTH_ACCOUNT_ID', key: 'accountId' },
  '--local-instance': { env: 'BERTH_LOCAL_INSTANCE', key: 'localInstance' },
  '--stopped-task-retention': { env: 'BERTH_STOPPED_TASK_RETENTION_SECONDS', key: 'stoppedTaskRetentionSeconds' },
  '--task-concurrency': { env: 'BERTH_TASK_CONCURRENCY', key: 'taskConcurrency' },
  '--log-level': { env: 'BERTH_LOG_LEVEL', key: 'logLevel' },
  '--lb-bind-ip': { env: 'BERTH_LB_BIND_IP', key: 'lbBindIp' },
  '--registry-host': { env: 'BERTH_REGISTRY_HOST', key: 'registryHost' },
  '--registry-maintenance-interval': { env: 'BERTH_REGISTRY_MAINTENANCE_SECONDS', key: 'registryMaintenanceSeconds' },
  '--allow-host-mounts': { env: 'BERTH_ALLOW_HOST_MOUNTS', key: 'allowHostMounts' },
  '--allow-privileged': { env: 'BERTH_ALLOW_PRIVILEGED', key: 'allowPrivileged' },
  '--allow-capabilities': { env: 'BERTH_ALLOW_CAPABILITIES', key: 'allowCapabilities' },
  '--allow-host-namespaces': { env: 'BERTH_ALLOW_HOST_NAMESPACES', key: 'allowHostNamespaces' },
  '--iam-enforcement': { env: 'BERTH_IAM_ENFORCEMENT', key: 'iamEnforcement' },
  '--task-endpoint-port': { env: 'BERTH_TASK_ENDPOINT_PORT', key: 'taskEndpointPort' },
  '--tls': { env: 'BERTH_TLS', key: 'tls' },
  '--metric-period-seconds': { env: 'BERTH_METRIC_PERIOD_SECONDS', key: 'metricPeriodSeconds' },
  '--host-grace-seconds': { env: 'BERTH_HOST_GRACE_SECONDS', key: 'hostGraceSeconds' },
  '--spot-interruption-rate': { env: 'BERTH_SPOT_INTERRUPTION_RATE', key: 'spotInterruptionRate' },
};

export const USAGE = `Usage: berth [options]
  --port N                      edge port (BERTH_PORT, default 4566)
  --host ADDR                   listen address (BERTH_HOST, default 127.0.0.1)
  --data-dir DIR                state directory (BERTH_DATA_DIR, default ./.berth)
  --docker-host URL             Docker Engine (DOCKER_HOST, default unix:///var/run/docker.sock)
  --publish-ip ADDR             host address for task ports (BERTH_PUBLISH_IP, default 127.0.0.1)
  --account-id ID               AWS account id (BERTH_ACCOUNT_ID, default 000000000000)
  --local-instance true|false   register the local engine in every cluster (BERTH_LOCAL_INSTANCE, default true)
  --stopped-task-retention S    seconds stopped tasks stay visible (BERTH_STOPPED_TASK_RETENTION_SECONDS, default 3600)
  --task-concurrency N          tasks worked on at once (BERTH_TASK_CONCURRENCY, default 8)
  --log-level LEVEL             debug|info|warn|error (BERTH_LOG_LEVEL, default info)
  --lb-bind-ip ADDR             address load balancer listeners bind (BERTH_LB_BIND_IP, default 127.0.0.1)
  --registry-host HOST[:PORT]   host part of ECR repository URIs (BERTH_REGISTRY_HOST, default localhost:<port>)
  --registry-maintenance-interval S  seconds between ECR lifecycle-policy runs and garbage collection (BERTH_REGISTRY_MAINTENANCE_SECONDS, default 3600)
  --iam-enforcement enforce|log      IAM policies refuse calls, or only log what they would refuse (BERTH_IAM_ENFORCEMENT, default enforce)
  --tls [true|false]            serve the edge over HTTPS, certificate from <data-dir>/ca/berth-root-ca.pem (BERTH_TLS, default false)
  --task-endpoint-port N|off      port 169.254.170.2:80 in tasks is redirected to: task role credentials and metadata (BERTH_TASK_ENDPOINT_PORT, default 51679)
  --metric-period-seconds S     CloudWatch's minute: alarm evaluation interval and shortest standard period; lower it to compress time in tests (BERTH_METRIC_PERIOD_SECONDS, default 60)
  --host-grace-seconds S        how long a remote Docker host may stay silent before its tasks are stopped and replaced elsewhere (BERTH_HOST_GRACE_SECONDS, default 60)
  --spot-interruption-rate R    chaos testing: reclaim running FARGATE_SPOT tasks at random, R per task-hour (BERTH_SPOT_INTERRUPTION_RATE, default 0: off)
What task definitions may take from the host (EC2 launch type; Fargate refuses all of it):
  --allow-host-mounts any|none|P1,P2  host paths volumes may bind, as absolute path prefixes (BERTH_ALLOW_HOST_MOUNTS, default any)
  --allow-privileged true|false       privileged containers (BERTH_ALLOW_PRIVILEGED, default true)
  --allow-capabilities any|none|C1,C2 Linux capabilities containers may add (BERTH_ALLOW_CAPABILITIES, default any)
  --allow-host-namespaces true|false  networkMode, pidMode and ipcMode 'host' (BERTH_ALLOW_HOST_NAMESPACES, default true)
Root credentials: BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY override the generated ones.`;

export class ConfigError extends Error {}

const SWITCHES = new Set(['--tls']);

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (!FLAGS[flag]) throw new ConfigError(`unknown option ${argv[i]}\n${USAGE}`);
    // A switch may stand alone (`--tls`), or take true|false.
    const bare = SWITCHES.has(flag) && inline === undefined && (argv[i + 1] === undefined || argv[i + 1].startsWith('--'));
    const value = bare ? 'true' : inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`option ${flag} needs a value`);
    out[FLAGS[flag].key] = value;
  }
  return out;
}

function integer(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  return n;
}

/** Interruptions per task-hour: a number from 0 to 3600 (one a second). */
function rate(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || n > 3600) throw new ConfigError(`spot interruption rate must be a number from 0 to 3600 per task-hour, got ${v}`);
  return n;
}

function boolean(name: string, v: string): boolean {
  if (v !== 'true' && v !== 'false') throw new ConfigError(`${name} must be true or false, got ${v}`);
  return v === 'true';
}

/**
 * An absolute path with `.`, `..`, repeated and trailing slashes resolved, so that
 * prefixes compare component by component; undefined for a relative path.
 */
export function normaliseHostPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const clean = posix.normalize(path);
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

/** "any", "none" or a comma-separated list, each item checked by `item`. */
function allowList(name: string, v: string, item: (s: string) => string | undefined, what: string): 'any' | string[] {
  if (v === 'any') return 'any';
  if (v === 'none') return [];
  return v.split(',').map((raw) => {
    const parsed = item(raw.trim());
    if (!parsed) throw new ConfigError(`${name} must be any, none or a comma-separated list of ${what}, got ${JSON.stringify(raw)}`);
    return parsed;
  });
}

/** "cap_net_admin" → "NET_ADMIN": Docker accepts either spelling, ECS the short upper-case one. */
export function normaliseCapability(name: string): string | undefined {
  const upper = name.toUpperCase().replace(/^CAP_/, '');
  return /^[A-Z_]+$/.test(upper) ? upper : undefined;
}

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const args = parseArgs(argv);
  const get = (key: keyof Config, dflt: string) => {
    const flag = Object.values(FLAGS).find((f) => f.key === key)!;
    return args[key] ?? env[flag.env] ?? dflt;
  };
  const level = get('logLevel', 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new ConfigError(`log level must be debug, info, warn or error`);
  const iamEnforcement = get('iamEnforcement', 'enforce');
  if (iamEnforcement !== 'enforce' && iamEnforcement !== 'log') throw new ConfigError(`--iam-enforcement must be enforce or log, got ${iamEnforcement}`);
  const accountId = get('accountId', '000000000000');
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError('account id must be 12 digits');
  return {
    port: integer('port', get('port', '4566'), 0, 65535),
    bindHost: get('bindHost', '127.0.0.1'),
    dataDir: resolve(get('dataDir', '.berth')),
    dockerHost: get('dockerHost', 'unix:///var/run/docker.sock'),
    publishIp: get('publishIp', '127.0.0.1'),
    accountId,
    localInstance: get('localInstance', 'true') !== 'false',
    stoppedTaskRetentionSeconds: integer('stopped task retention', get('stoppedTaskRetentionSeconds', '3600'), 0, 30 * 24 * 3600),
    taskConcurrency: integer('task concurrency', get('taskConcurrency', '8'), 1, 64),
    logLevel: level as Config['logLevel'],
    lbBindIp: get('lbBindIp', '127.0.0.1'),
    registryHost: get('registryHost', '') || undefined,
    registryMaintenanceSeconds: integer('registry maintenance interval', get('registryMaintenanceSeconds', '3600'), 1, 7 * 24 * 3600),
    allowHostMounts: allowList('--allow-host-mounts', get('allowHostMounts', 'any'), normaliseHostPath, 'absolute paths'),
    allowPrivileged: boolean('--allow-privileged', get('allowPrivileged', 'true')),
    allowCapabilities: allowList('--allow-capabilities', get('allowCapabilities', 'any'), normaliseCapability, 'capability names'),
    allowHostNamespaces: boolean('--allow-host-namespaces', get('allowHostNamespaces', 'true')),
    iamEnforcement,
    tls: boolean('--tls', get('tls', 'false')),
    taskEndpointPort: get('taskEndpointPort', '51679') === 'off' ? 'off' : integer('task endpoint port', get('taskEndpointPort', '51679'), 0, 65535),
    metricPeriodSeconds: integer('metric period', get('metricPeriodSeconds', '60'), 1, 60),
    hostGraceSeconds: integer('host grace', get('hostGraceSeconds', '60'), 1, 86400),
    spotInterruptionRate: rate(get('spotInterruptionRate', '0')),
    rootAccessKeyId: env.BERTH_ROOT_ACCESS_KEY_ID,
    rootSecretAccessKey: env.BERTH_ROOT_SECRET_ACCESS_KEY,
  };
}
