/**
 * A container's `awslogs` log configuration, read as Docker's awslogs driver and the ECS agent
 * read it (daemon/logger/awslogs ValidateLogOpt; the agent's awslogs-stream-prefix), with their
 * messages for what they refuse. Stream names: `<prefix>/<container name>/<task id>` with
 * awslogs-stream-prefix (the agent's), else awslogs-stream, else the Docker container id
 * (Docker's default).
 *
 * Accepted and ignored, since logs go to Berth itself: awslogs-endpoint,
 * awslogs-credentials-endpoint, awslogs-max-buffered-events, awslogs-format (json/emf only),
 * tag, and Docker's generic mode and max-buffer-size.
 */
import { linearRegex, RegexError, TextSearch } from '../linear-regex.js';
import { datetimeFormatSource } from './datetime-format.js';

export interface AwslogsConfig {
  group: string;
  /** The group's Region when given (else the task's). */
  region?: string;
  streamPrefix?: string;
  stream?: string;
  createGroup: boolean;
  createStream: boolean;
  /** Starts a new event in multi-line mode. */
  multiline?: TextSearch;
  /** How long an open multi-line event may wait for its next line (awslogs-force-flush-interval-seconds). */
  flushIntervalMs: number;
}

const KNOWN = new Set([
  'awslogs-group', 'awslogs-region', 'awslogs-stream', 'awslogs-stream-prefix', 'awslogs-create-group', 'awslogs-create-stream',
  'awslogs-datetime-format', 'awslogs-multiline-pattern', 'awslogs-force-flush-interval-seconds', 'awslogs-max-buffered-events',
  'awslogs-endpoint', 'awslogs-credentials-endpoint', 'awslogs-format', 'tag', 'mode', 'max-buffer-size',
]);

const DEFAULT_FLUSH_MS = 5000;

export class AwslogsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwslogsConfigError';
  }
}

/** Go's strconv.ParseBool. */
function parseBool(key: string, value: string | undefined, absent: boolean): boolean {
  if (value === undefined || value === '') return absent;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new AwslogsConfigError(`must specify valid value for log opt '${key}': strconv.ParseBool: parsing "${value}": invalid syntax`);
}

function positive(key: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n <= 0) throw new AwslogsConfigError(`must specify a positive integer for log opt '${key}': ${value}`);
  return n;
}

function multilineOf(options: Record<string, string>): TextSearch | undefined {
  const format = options['awslogs-datetime-format'];
  const pattern = format ? datetimeFormatSource(format) : options['awslogs-multiline-pattern'];
  if (!pattern) return undefined;
  try {
    return linearRegex(pattern);
  } catch (e) {
    if (e instanceof RegexError) throw new AwslogsConfigError(`awslogs could not parse multiline pattern key "${pattern}": ${e.message}`);
    throw e;
  }
}

/** The configuration, or AwslogsConfigError with the driver's words. */
export function readAwslogsOptions(options: Record<string, string> = {}): AwslogsConfig {
  const unknown = Object.keys(options).find((k) => !KNOWN.has(k));
  if (unknown) throw new AwslogsConfigError(`unknown log opt '${unknown}' for awslogs log driver`);
  const group = options['awslogs-group'];
  if (!group) throw new AwslogsConfigError("must specify a value for log opt 'awslogs-group'");
  if ('awslogs-datetime-format' in options && 'awslogs-multiline-pattern' in options) {
    throw new AwslogsConfigError("you cannot configure log opt 'awslogs-datetime-format' and 'awslogs-multiline-pattern' at the same time");
  }
  const flushSeconds = positive('awslogs-force-flush-interval-seconds', options['awslogs-force-flush-interval-seconds']);
  positive('awslogs-max-buffered-events', options['awslogs-max-buffered-events']);
  const multiline = multilineOf(options);
  return {
    group,
    ...(options['awslogs-region'] ? { region: options['awslogs-region'] } : {}),
    ...(options['awslogs-stream-prefix'] ? { streamPrefix: options['awslogs-stream-prefix'] } : {}),
    ...(options['awslogs-stream'] ? { stream: options['awslogs-stream'] } : {}),
    createGroup: parseBool('awslogs-create-group', options['awslogs-create-group'], false),
    createStream: parseBool('awslogs-create-stream', options['awslogs-create-stream'], true),
    ...(multiline ? { multiline } : {}),
    flushIntervalMs: flushSeconds !== undefined ? flushSeconds * 1000 : DEFAULT_FLUSH_MS,
  };
}

/** The stream a container's output goes to. */
export function streamNameOf(config: AwslogsConfig, containerName: string, taskId: string, containerId: string): string {
  if (config.streamPrefix) return `${config.streamPrefix}/${containerName}/${taskId}`;
  return config.stream ?? containerId;
}
