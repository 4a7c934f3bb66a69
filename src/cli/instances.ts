// `berth instances …`: the Docker hosts of a running Berth, through its admin socket.
import { join } from 'node:path';
import { callAdmin } from '../platform/admin-socket.js';
import type { ParsedArgs } from './commands.js';

export const INSTANCES_USAGE = `  berth instances add --cluster NAME --docker-host URL [--tls-cert-dir DIR]
                      [--ssh-identity KEY] [--ssh-known-hosts FILE]
                      [--address IP] [--availability-zone a|us-east-1b] [--instance-type T]
                      [--attribute(s) name=value]... [--host-group NAME] [--registry HOST:PORT]
                      [--awsvpc-cidr CIDR] [--region R] [--data-dir DIR]
  berth instances list [--data-dir DIR]
  berth instances remove HOST-ID|EC2-INSTANCE-ID [--data-dir DIR]

  Adds a Docker Engine (unix:///path, tcp://host:2376 with --tls-cert-dir holding the
  docker CLI's ca.pem, cert.pem and key.pem, or ssh://user@host, as the docker CLI reaches it:
  ssh's configuration, or --ssh-identity and --ssh-known-hosts) to the running Berth of
  the data dir and registers it as a container instance of the cluster. --address is
  where Berth reaches the ports it publishes (default: the URL's host). Remove takes a
  host whose container instance was deregistered (aws ecs deregister-container-instance).
  --host-group puts the host in the group an Auto Scaling group capacity provider names
  (arn:aws:autoscaling:…:autoScalingGroupName/NAME). --registry is where the host reaches
  Berth's registry (Berth listening there, the engine trusting it, e.g. insecure-registries);
  without it, tasks there cannot use images from Berth's ECR, nor reach the task endpoint
  (credentials, metadata), which Berth serves them at that address. --awsvpc-cidr is the
  host's awsvpc network (default: the next free /24 of 10.214.0.0/16); Berth routes it
  through --address.

  berth spot interrupt TASK-ARN|HOST-ID|EC2-INSTANCE-ID [--data-dir DIR]

  Reclaims a FARGATE_SPOT task as AWS does (stopCode SpotInterruption; its service
  replaces it), or interrupts a Spot host: its container instance becomes DRAINING.`;

const single = (p: ParsedArgs, name: string) => p.options[name]?.at(-1);

export async function runSpot(p: ParsedArgs, print: (line: string) => void, usage: (msg: string) => Error): Promise<number> {
  const [, verb, target, ...extra] = p.positional;
  if (verb !== 'interrupt' || !target || extra.length) throw usage(`unknown command: berth ${p.positional.join(' ')}`);
  const r = await callAdmin(join(p.dataDir, 'admin.sock'), 'spot.interrupt', { target }) as Record<string, string>;
  print(r.taskArn ? `${r.taskArn} ${r.stopCode}: ${r.stoppedReason}` : `${r.containerInstanceArn} ${r.status}`);
  return 0;
}

export async function runInstances(p: ParsedArgs, print: (line: string) => void, usage: (msg: string) => Error): Promise<number> {
  const socket = join(p.dataDir, 'admin.sock');
  const [, verb, target, ...extra] = p.positional;
  if (extra.length) throw usage(`unexpected ${extra.join(' ')}`);
  if (verb === 'add' && !target) {
    const args = {
      cluster: single(p, 'cluster'), 'docker-host': single(p, 'docker-host'), 'tls-cert-dir': single(p, 'tls-cert-dir'),
      'ssh-identity': single(p, 'ssh-identity'), 'ssh-known-hosts': single(p, 'ssh-known-hosts'), address: single(p, 'address'), 'availability-zone': single(p, 'availability-zone'), 'instance-type': single(p, 'instance-type'),
      attributes: [...(p.options.attribute ?? []), ...(p.options.attributes ?? [])], 'host-group': single(p, 'host-group'), registry: single(p, 'registry'), region: single(p, 'region'),
      'awsvpc-cidr': single(p, 'awsvpc-cidr'),
    };
    const r = await callAdmin(socket, 'instances.add', args) as { hostId: string; ec2InstanceId: string; containerInstanceArn: string; cpus: number; memoryMiB: number };
    print(`${r.hostId} ${r.ec2InstanceId} ${r.containerInstanceArn} (${r.cpus} CPUs, ${r.memoryMiB} MiB)`);
    return 0;
  }
  if (verb === 'list' && !target) {
    const r = await callAdmin(socket, 'instances.list', {}) as { hosts: Record<string, unknown>[] };
    for (const h of r.hosts) {
      print([h.hostId, h.ec2InstanceId, h.dockerHost, h.zone, h.cluster ?? '-', h.status ?? 'UNREGISTERED', h.agentConnected === false ? 'disconnected' : 'connected', h.awsvpcCidr ?? '-'].join('\t'));
    }
    return 0;
  }
  if (verb === 'remove' && target) {
    const r = await callAdmin(socket, 'instances.remove', { host: target }) as { hostId: string };
    print(`removed ${r.hostId}`);
    return 0;
  }
  throw usage(`unknown command: berth instances ${p.positional.slice(1).join(' ')}`);
}
