/**
 * How long each kind of Docker Engine call may take before Berth gives up on it with a
 * RuntimeError of kind 'Timeout', so that a hung engine or registry frees the work-queue
 * slot instead of holding it forever. Values follow the Amazon ECS agent
 * (agent/dockerclient/timeout.go and agent/config) where it has one. A timeout only
 * aborts the request: the engine may still finish the work, so callers re-inspect
 * rather than assume it was not done.
 *
 * The `/events` stream and a followed container's logs have no limit (they are idle
 * whenever nothing happens); events reconnect by themselves when cut.
 */
/** Per call kind, in milliseconds; the reasons are beside DEFAULT_TIMEOUTS. */
export interface EngineTimeouts {
  info: number;
  inspect: number;
  list: number;
  create: number;
  start: number;
  stopGrace: number;
  kill: number;
  remove: number;
  pullIdle: number;
  import: number;
  network: number;
  volume: number;
  logsIdle: number;
}

export const DEFAULT_TIMEOUTS: EngineTimeouts = {
  // /info and /version are answered from the engine's memory (ECS agent: 10 s).
  info: 10_000,
  // Container, image and network inspects read engine state only (ECS agent: 30 s).
  inspect: 30_000,
  // Listing may wait on busy containers' locks; a failed reconcile is retried, so 30 s, not the agent's 10 min.
  list: 30_000,
  // Create prepares the writable layer and mounts, slow on a loaded disk (ECS agent default: 4 min).
  create: 240_000,
  // Start sets up namespaces, cgroups and port forwarding (ECS agent default: 3 min).
  start: 180_000,
  // Added to the container's stopTimeout: the engine then SIGKILLs and must reap the process (ECS agent's buffer: 2 min).
  stopGrace: 120_000,
  // A signal is delivered at once; SIGKILL also waits for the process to exit.
  kill: 30_000,
  // Removing a large writable layer and its anonymous volumes can take minutes (ECS agent: 5 min).
  remove: 300_000,
  // No progress line for this long: a total limit would fail large images, a healthy pull reports often (ECS agent: 1 min).
  pullIdle: 60_000,
  // Importing the small pause image's root filesystem (ECS agent's LoadImage, benchmarked on it: 2 min).
  import: 120_000,
  // Network create/remove programs iptables and the bridge, slow under many concurrent tasks (ECS agent's CNI setup: 1 min).
  network: 60_000,
  // Volume drivers may be plugins that talk to remote storage (ECS agent: 5 min).
  volume: 300_000,
  // A one-off read of a container's logs: no progress for this long; a long log takes long but streams steadily.
  logsIdle: 30_000,
};
