/** show stat parsing and HAProxy status → AWS target health. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { observedHealth, parseStat, ServerStat } from './stats.js';
import { parseShowProc } from './haproxy-process.js';

const CSV = `# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime
fe,FRONTEND,,,0,1,4000,2,188,242,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,0,0,2,,,,0,2,0,0,0,0,,0,2,2,,,0,0,0,0,,,,0,0,0,0
tg_a,t_i-1_80,1,0,2,3,,17,0,0,,0,,0,0,0,0,DOWN,1,1,0,1,1,6,6,,1,3,1,,0,,2,0,,0,L7STS,500,1,0,10,2,3,4,0,,,,0,0,0,,,,,-1,,,0,1,7,9
tg_a,BACKEND,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,1,1,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,
`;

const stat = (status: string, checkStatus: string, checkCode = ''): ServerStat => ({ backend: 'b', server: 's', status, checkStatus, checkCode, currentSessions: 0, totalSessions: 0, responseTimeMs: 0, http: [0, 0, 0, 0] });

describe('parseStat', () => {
  it('reads server rows by column name and skips frontends and backends', () => {
    assert.deepEqual(parseStat(CSV), [{ backend: 'tg_a', server: 't_i-1_80', status: 'DOWN', checkStatus: 'L7STS', checkCode: '500', currentSessions: 3, totalSessions: 17, responseTimeMs: 7, http: [10, 2, 3, 4] }]);
  });
});

describe('observedHealth', () => {
  const cases: [string, ServerStat, { state: string; reason?: string } | undefined, string?][] = [
    ['up is healthy', stat('UP', 'L7OK'), { state: 'healthy' }],
    ['up, going down, is still healthy', stat('UP 1/2', 'L7STS', '500'), { state: 'healthy' }],
    ['down before any check is initial', stat('DOWN', 'INI'), { state: 'initial', reason: 'Elb.RegistrationInProgress' }],
    ['down with a passing check is initial for a new target', stat('DOWN 1/2', 'L7OK'), { state: 'initial', reason: 'Elb.InitialHealthChecking' }],
    ['down with a passing check stays unhealthy after failing', stat('DOWN 1/2', 'L7OK'), { state: 'unhealthy', reason: 'Target.Timeout' }, 'unhealthy'],
    ['wrong status code', stat('DOWN', 'L7STS', '404'), { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' }],
    ['timeout', stat('DOWN', 'L4TOUT'), { state: 'unhealthy', reason: 'Target.Timeout' }],
    ['connection refused', stat('DOWN', 'L4CON'), { state: 'unhealthy', reason: 'Target.FailedHealthChecks' }],
    ['maintenance is for the control plane to name', stat('MAINT', ''), undefined],
    ['drain is for the control plane to name', stat('DRAIN', 'L7OK'), undefined],
  ];
  for (const [name, s, want, previous] of cases) {
    it(name, () => {
      const prev = previous ? { targetGroupArn: 'a', id: 'i', port: 1, state: 'unhealthy' as const, reason: 'Target.Timeout' as const, description: 'Request timed out', updatedAt: '' } : undefined;
      const got = observedHealth(s, prev);
      assert.deepEqual(got && (got.reason ? { state: got.state, reason: got.reason } : { state: got.state }), want);
    });
  }
  it('names the failing code in the description', () => {
    assert.equal(observedHealth(stat('DOWN', 'L7STS', '502'), undefined)?.description, 'Health checks failed with these codes: [502]');
  });
});

describe('parseShowProc', () => {
  it('reads reloads, failures and the current workers', () => {
    const text = `#<PID>          <type>          <reloads>       <uptime>        <version>
13731           master          2 [failed: 1]   0d00h00m16s     2.6.12
# workers
13968           worker          0               0d00h00m01s     2.6.12
# old workers
13732           worker          1               0d00h00m15s     2.6.12
# programs
`;
    assert.deepEqual(parseShowProc(text), { reloads: 2, failed: 1, workers: [13968] });
  });
});
