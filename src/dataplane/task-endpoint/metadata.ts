/**
 * Task metadata endpoint v4 bodies, with the ECS agent's field names: a task object with
 * its containers, and a container object. Empty fields are left out as the agent's
 * `omitempty` leaves them out. Pure: the server supplies the task record and what the
 * engine shows of each container.
 */
import { ContainerState } from '../../runtime/runtime.js';
import { ContainerDoc, TaskDoc } from '../../services/ecs/domain/task-doc.js';

type Json = Record<string, unknown>;

const KNOWN_STATUS: Record<string, string> = { PROVISIONING: 'PENDING', ACTIVATING: 'RUNNING', DEACTIVATING: 'RUNNING', STOPPING: 'RUNNING', DEPROVISIONING: 'STOPPED' };

function compact(o: Json): Json {
  for (const k of Object.keys(o)) if (o[k] === undefined || (Array.isArray(o[k]) && (o[k] as unknown[]).length === 0)) delete o[k];
  return o;
}

const clusterName = (t: TaskDoc) => t.clusterArn.slice(t.clusterArn.lastIndexOf('/') + 1);

function networks(t: TaskDoc, c: ContainerDoc, state: ContainerState | undefined): Json[] {
  if (t.berth.networkMode === 'awsvpc') {
    const eni = t.attachments.find((a) => a.type === 'ElasticNetworkInterface');
    const detail = (name: string) => eni?.details.find((d) => d.name === name)?.value;
    return [compact({
      NetworkMode: 'awsvpc', IPv4Addresses: c.networkInterfaces.map((n) => n.privateIpv4Address), AttachmentIndex: 0,
      MACAddress: detail('macAddress'), PrivateDNSName: detail('privateDnsName'),
    })];
  }
  const addresses = Object.values(state?.networks ?? {}).map((n) => n.ipAddress).filter(Boolean);
  return [compact({ NetworkMode: t.berth.networkMode, IPv4Addresses: addresses })];
}

export function containerMetadata(t: TaskDoc, c: ContainerDoc, state: ContainerState | undefined): Json {
  const def = t.berth.containers.find((d) => d.name === c.name);
  return compact({
    DockerId: c.runtimeId ?? '',
    Name: c.name,
    DockerName: state?.name.replace(/^\//, '') ?? '',
    Image: c.image,
    ImageID: c.imageDigest ?? '',
    Ports: c.networkBindings.map((b) => ({ ContainerPort: b.containerPort, Protocol: b.protocol, HostPort: b.hostPort, HostIp: b.bindIP })),
    Labels: state ? Object.fromEntries(Object.entries(state.labels).filter(([k]) => k.startsWith('com.amazonaws.ecs.'))) : undefined,
    DesiredStatus: t.desiredStatus,
    KnownStatus: c.lastStatus,
    ExitCode: c.exitCode,
    Limits: { CPU: Number(c.cpu ?? 0), Memory: Number(c.memory ?? c.memoryReservation ?? 0) },
    CreatedAt: t.createdAt,
    StartedAt: c.lastStatus !== 'PENDING' ? t.startedAt : undefined,
    Type: 'NORMAL',
    Health: c.healthStatus !== 'UNKNOWN' || def?.healthCheck ? { status: c.healthStatus } : undefined,
    LogDriver: def?.logConfiguration?.logDriver,
    LogOptions: def?.logConfiguration?.options,
    ContainerARN: c.containerArn,
    Networks: networks(t, c, state),
  });
}

export function taskMetadata(t: TaskDoc, states: Record<string, ContainerState | undefined>): Json {
  return compact({
    Cluster: clusterName(t),
    TaskARN: t.taskArn,
    Family: t.berth.family,
    Revision: String(t.berth.revision),
    DesiredStatus: t.desiredStatus,
    KnownStatus: KNOWN_STATUS[t.lastStatus] ?? t.lastStatus,
    Limits: compact({ CPU: t.berth.cpu !== undefined ? t.berth.cpu / 1024 : undefined, Memory: t.berth.memory }),
    PullStartedAt: t.pullStartedAt,
    PullStoppedAt: t.pullStoppedAt,
    ExecutionStoppedAt: t.executionStoppedAt,
    AvailabilityZone: t.availabilityZone,
    LaunchType: t.launchType,
    ServiceName: t.group?.startsWith('service:') ? t.group.slice('service:'.length) : undefined,
    Containers: t.containers.map((c) => containerMetadata(t, c, states[c.name])),
    FaultInjectionEnabled: false,
  });
}
