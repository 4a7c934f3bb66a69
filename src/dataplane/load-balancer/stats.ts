/**
 * Reading HAProxy's `show stat` CSV and mapping a server's status and last check to
 * AWS target health (healthy, unhealthy with a reason, or initial).
 */
import { codeMismatch, HealthView, REASONS } from '../../services/elbv2/domain/health.js';
import { TargetHealthDoc } from '../../services/elbv2/domain/docs.js';

export interface ServerStat {
  backend: string;
  server: string;
  status: string;
  checkStatus: string;
  checkCode: string;
  currentSessions: number;
  totalSessions: number;
  responseTimeMs: number;
  http: [number, number, number, number];
}

export function parseStat(csv: string): ServerStat[] {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0 || !lines[0].startsWith('# ')) return [];
  const cols = lines[0].slice(2).split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  const num = (row: string[], name: string) => Number(at(row, name)) || 0;
  return lines.slice(1).map((l) => l.split(',')).filter((row) => !['FRONTEND', 'BACKEND'].includes(row[1])).map((row) => ({
    backend: row[0],
    server: row[1],
    status: at(row, 'status'),
    checkStatus: at(row, 'check_status').replace(/^\* /, ''),
    checkCode: at(row, 'check_code'),
    currentSessions: num(row, 'scur') + num(row, 'qcur'),
    totalSessions: num(row, 'stot'),
    responseTimeMs: num(row, 'rtime'),
    http: [num(row, 'hrsp_2xx'), num(row, 'hrsp_3xx'), num(row, 'hrsp_4xx'), num(row, 'hrsp_5xx')],
  }));
}

const PASSED = ['L4OK', 'L6OK', 'L7OK', 'L7OKC'];

/** The health a checked server shows, or undefined when the control plane decides (maintenance, drain, no checks, not applied). */
export function observedHealth(stat: ServerStat | undefined, previous: TargetHealthDoc | undefined): HealthView | undefined {
  if (!stat) return undefined;
  if (stat.status.startsWith('UP')) return { state: 'healthy' };
  if (!stat.status.startsWith('DOWN')) return undefined;
  if (stat.checkStatus === '' || stat.checkStatus === 'INI') return { state: 'initial', ...REASONS.registering };
  if (PASSED.includes(stat.checkStatus)) {
    // Passing checks, not yet the healthy threshold: still unhealthy, or still initial for a new target.
    if (previous?.state === 'unhealthy') return { state: 'unhealthy', reason: previous.reason, description: previous.description };
    return { state: 'initial', ...REASONS.initialChecking };
  }
  if (stat.checkStatus === 'L7STS') return { state: 'unhealthy', ...codeMismatch(stat.checkCode) };
  if (stat.checkStatus === 'L4TOUT' || stat.checkStatus === 'L7TOUT') return { state: 'unhealthy', ...REASONS.timeout };
  return { state: 'unhealthy', ...REASONS.failed };
}
