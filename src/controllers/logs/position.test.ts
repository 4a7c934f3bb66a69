import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { advance, decodePosition, encodePosition, Position, ResumeFilter } from './position.js';

const t = (n: number) => `2026-03-01T12:00:00.00000000${n}Z`;

describe('shipping positions', () => {
  it('counts the lines stored at the newest time; an older time leaves it', () => {
    let p: Position | undefined;
    for (const time of [t(1), t(2), t(2), t(1), t(2)]) p = advance(p, time);
    assert.deepEqual(p, { time: t(2), count: 3 });
    assert.deepEqual(decodePosition(encodePosition(p!)), p);
    assert.equal(decodePosition(undefined), undefined);
    assert.equal(decodePosition('garbage'), undefined);
  });

  it('a resumed read skips exactly what was stored: lines before the time, and the counted ones at it', () => {
    // Stored before the restart: t1, t2, t2 (position t2 × 2). The engine returns lines from t2 on, plus the unseen t2 and t3.
    const filter = new ResumeFilter({ time: t(2), count: 2 });
    const read = [t(2), t(2), t(2), t(3), t(1)];
    assert.deepEqual(read.map((time) => filter.stored(time)), [true, true, false, false, true]);
    assert.equal(new ResumeFilter(undefined).stored(t(1)), false, 'a fresh read stores everything');
  });
});
