/**
 * How containers reach the agent's address: as the ECS agent does, a NAT rule sends
 * 169.254.170.2:80 to Berth's task endpoint port. One rule per awsvpc network subnet
 * Berth owns (so several Berths on one host each get their own tasks' traffic); the
 * default bridge and host-network containers are redirected only by the Berth that owns
 * the agent's standard port. Every rule carries a comment with the owner id, so a Berth
 * removes exactly its own. Arguments are fixed or validated (subnets, ports): nothing a
 * caller sends reaches the command line.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Logger } from '../../platform/log.js';
import { AGENT_ADDRESS } from '../../services/ecs/domain/agent-endpoint.js';

const run = promisify(execFile);
/** The ECS agent's own port for its endpoints. */
export const AGENT_PORT = 51679;
const SUBNET_RE = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

export class AgentRedirect {
  private readonly comment: string;
  private working = true;

  constructor(private readonly port: number, ownerId: string, private readonly log: Logger) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`bad port ${port}`);
    this.comment = `berth-${ownerId.replace(/[^0-9a-f]/g, '')}`;
  }

  private match(): string[] {
    return ['-d', `${AGENT_ADDRESS}/32`, '-p', 'tcp', '-m', 'tcp', '--dport', '80', '-m', 'comment', '--comment', this.comment, '-j', 'REDIRECT', '--to-ports', String(this.port)];
  }

  /** Adds a rule unless it is there (`-C` first): idempotent across restarts. */
  private async ensure(chain: string, selector: string[]): Promise<void> {
    if (!this.working) return;
    const rule = [chain, ...selector, ...this.match()];
    try {
      await run('iptables', ['-w', '-t', 'nat', '-C', ...rule]).catch(() => run('iptables', ['-w', '-t', 'nat', '-I', ...rule]));
    } catch (e) {
      this.working = false;
      this.log.warn('cannot redirect 169.254.170.2 to the task endpoint (iptables): tasks will not reach their credentials or metadata', { err: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    }
  }

  /** Containers on one of this Berth's awsvpc networks. */
  async addSubnet(subnet: string): Promise<void> {
    if (!SUBNET_RE.test(subnet)) throw new RangeError(`bad subnet ${subnet}`);
    await this.ensure('PREROUTING', ['-s', subnet]);
  }

  /** Containers on Docker's default bridge, and host-network containers (locally generated traffic). */
  async addDefaults(): Promise<void> {
    await this.ensure('PREROUTING', ['-i', 'docker0']);
    await this.ensure('OUTPUT', []);
  }

  /** Removes every rule this Berth added. */
  async removeAll(): Promise<void> {
    for (const chain of ['PREROUTING', 'OUTPUT']) {
      const listed = await run('iptables', ['-w', '-t', 'nat', '-S', chain]).catch(() => ({ stdout: '' }));
      for (const line of listed.stdout.split('\n')) {
        if (!line.startsWith(`-A ${chain} `) || !line.includes(`--comment ${this.comment} `)) continue;
        await run('iptables', ['-w', '-t', 'nat', '-D', ...line.slice(3).split(' ')]).catch(() => undefined);
      }
    }
  }
}
