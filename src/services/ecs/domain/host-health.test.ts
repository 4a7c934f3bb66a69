import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostHealth, nextHealth } from './host-health.js';

const T0 = new Date('2026-11-30T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const GRACE = 60_000;

test('host health after a probe', () => {
  const connected: HostHealth = { agentConnected: true };
  const silent: HostHealth = { agentConnected: false, disconnectedAt: T0.toISOString() };
  const lost: HostHealth = { ...silent, lostAt: at(60).toISOString() };
  const cases: [string, HostHealth, boolean, number, HostHealth | undefined][] = [
    ['connected and answering: no change', connected, true, 0, undefined],
    ['first silence: disconnected', connected, false, 0, silent],
    ['silent within the grace: no change', silent, false, 59, undefined],
    ['silent for the grace: lost', silent, false, 60, lost],
    ['lost stays lost with its time', lost, false, 600, undefined],
    ['answering again: connected', silent, true, 30, connected],
    ['a lost host that answers is connected again', lost, true, 900, connected],
  ];
  for (const [name, current, answered, seconds, want] of cases) assert.deepEqual(nextHealth(current, answered, at(seconds), GRACE), want, name);
});
