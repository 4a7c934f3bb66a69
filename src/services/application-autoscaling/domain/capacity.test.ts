import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boundsAfter, boundsCorrection, boundsPhrase } from './capacity.js';

describe('capacity bounds', () => {
  it('raises a capacity below a new minimum and lowers one above a new maximum, naming the bound', () => {
    const cases: Array<[number, number, number, { desired: number; cause: string } | undefined]> = [
      [1, 3, 10, { desired: 3, cause: 'minimum capacity was set to 3' }],
      [12, 3, 10, { desired: 10, cause: 'maximum capacity was set to 10' }],
      [5, 3, 10, undefined],
      [3, 3, 3, undefined],
      [2, 0, 0, { desired: 0, cause: 'maximum capacity was set to 0' }],
    ];
    for (const [current, min, max, expected] of cases) assert.deepEqual(boundsCorrection(current, { min, max }), expected, `${current} in [${min}, ${max}]`);
  });

  it('sets what a scheduled action gives and keeps the rest, unless the bounds would cross', () => {
    assert.deepEqual(boundsAfter({ min: 1, max: 10 }, { MinCapacity: 4 }), { min: 4, max: 10 });
    assert.deepEqual(boundsAfter({ min: 1, max: 10 }, { MaxCapacity: 2 }), { min: 1, max: 2 });
    assert.deepEqual(boundsAfter({ min: 1, max: 10 }, { MinCapacity: 0, MaxCapacity: 0 }), { min: 0, max: 0 });
    assert.equal(boundsAfter({ min: 1, max: 10 }, { MinCapacity: 11 }), undefined);
  });

  it('words the change as AWS\'s activities do', () => {
    assert.equal(boundsPhrase({ MinCapacity: 5, MaxCapacity: 10 }), 'min capacity to 5 and max capacity to 10');
    assert.equal(boundsPhrase({ MinCapacity: 6 }), 'min capacity to 6');
    assert.equal(boundsPhrase({ MaxCapacity: 3 }), 'max capacity to 3');
  });
});
