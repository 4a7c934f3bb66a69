import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSlots, nextState, Slot } from './evaluation.js';
import { TreatMissingData } from './records.js';

/**
 * "0 - X - X": the evaluation range as the CloudWatch User Guide draws it, oldest first:
 * 0 a datapoint that does not breach, X one that breaches (threshold 1), - a missing one.
 */
function slots(picture: string): Slot[] {
  return picture.split(' ').map((c, i) => (c === '-' ? { t: i * 60_000 } : { t: i * 60_000, value: c === 'X' ? 5 : 0, sampleCount: 1 }));
}

const TREATMENTS: TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
const KEPT = 'kept';

function outcomes(picture: string, evaluationPeriods: number, datapointsToAlarm: number): string[] {
  return TREATMENTS.map((treatMissingData) => {
    const verdict = evaluateSlots(slots(picture), { evaluationPeriods, datapointsToAlarm, treatMissingData, breaches: (v) => v > 1 });
    return verdict.kind === 'keep' ? KEPT : nextState(verdict, 'OK');
  });
}

describe('alarm evaluation: the User Guide\'s tables (evaluation range 5)', () => {
  // Columns: MISSING, IGNORE, BREACHING, NOT BREACHING.
  const threeOfThree: Array<[string, string[]]> = [
    ['0 - X - X', ['OK', 'OK', 'OK', 'OK']],
    ['- - - - 0', ['OK', 'OK', 'OK', 'OK']],
    ['- - - - -', ['INSUFFICIENT_DATA', KEPT, 'ALARM', 'OK']],
    ['0 X X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['- - X - -', ['ALARM', KEPT, 'ALARM', 'OK']],
  ];
  for (const [picture, expected] of threeOfThree) it(`3 of 3: ${picture}`, () => assert.deepEqual(outcomes(picture, 3, 3), expected));

  const twoOfThree: Array<[string, string[]]> = [
    ['0 - X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 0 X 0 X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 - X - -', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - - 0', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - X -', ['ALARM', KEPT, 'ALARM', 'OK']],
  ];
  for (const [picture, expected] of twoOfThree) it(`2 of 3: ${picture}`, () => assert.deepEqual(outcomes(picture, 3, 2), expected));

  it('avoids premature ALARM: breaching data younger than M periods keeps the state', () => {
    // "- - - - X" and "- - - X -" with 3 of 3: the next datapoint may not breach.
    assert.deepEqual(outcomes('- - - - X', 3, 3), [KEPT, KEPT, 'ALARM', 'OK']);
    assert.deepEqual(outcomes('- - - X -', 3, 3), [KEPT, KEPT, 'ALARM', 'OK']);
  });

  it('evaluates the N most recent datapoints when there are N, whatever is missing in between', () => {
    const verdict = evaluateSlots(slots('X 0 - X - X'), { evaluationPeriods: 3, treatMissingData: 'breaching', breaches: (v) => v > 1 });
    assert.equal(verdict.kind, 'threshold');
    if (verdict.kind !== 'threshold') return;
    assert.deepEqual(verdict.evaluated.map((s) => s.t / 60_000), [1, 3, 5]);
    assert.equal(verdict.state, 'OK');
    assert.equal(verdict.missing, 0);
  });

  it('counts the missing periods and reports the most recent ones as evaluated', () => {
    const verdict = evaluateSlots(slots('0 - X - -'), { evaluationPeriods: 3, datapointsToAlarm: 2, treatMissingData: 'breaching', breaches: (v) => v > 1 });
    assert.deepEqual(verdict.kind === 'threshold' && [verdict.state, verdict.missing, verdict.treatedAs, verdict.evaluated.map((s) => s.t / 60_000)], ['ALARM', 1, 'Breaching', [0, 2, 4]]);
  });

  it('an alarm of one period is OK or ALARM from its last datapoint, INSUFFICIENT_DATA without any', () => {
    const one = (picture: string, treatMissingData?: TreatMissingData) => nextState(evaluateSlots(slots(picture), { evaluationPeriods: 1, treatMissingData, breaches: (v) => v > 1 }), 'ALARM');
    assert.deepEqual([one('- - X'), one('- X 0'), one('- - -'), one('- - -', 'ignore'), one('- X -')], ['ALARM', 'OK', 'INSUFFICIENT_DATA', 'ALARM', 'ALARM']);
  });
});
