import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidLabel, planLabels, planUnlabel } from './labels.js';

describe('parameter labels', () => {
  it('follows the naming rules', () => {
    const table: Array<[string, boolean]> = [
      ['ProductionReady', true],
      ['release_1.2-rc', true],
      ['x'.repeat(100), true],
      ['x'.repeat(101), false],
      ['1st', false],
      ['awsLabel', false],
      ['SSM-x', false],
      ['has space', false],
      ['a/b', false],
      ['', false],
    ];
    for (const [label, valid] of table) assert.equal(isValidLabel(label), valid, label);
  });

  it('attaches to one version, moving a label off another; invalid ones are reported', () => {
    const versions = [{ Version: 1, Labels: ['prod', 'blue'] }, { Version: 2, Labels: [] }, { Version: 3, Labels: ['dev'] }];
    const plan = planLabels(versions, 2, ['prod', '9bad', 'green', 'prod']);
    assert.deepEqual(plan.invalid, ['9bad']);
    assert.deepEqual([...plan.changes], [[1, ['blue']], [2, ['prod', 'green']]]);
    assert.equal(planLabels(versions, 1, ['prod']).changes.size, 0, 'a label already there changes nothing');
  });

  it('a version holds at most 10 labels', () => {
    const full = [{ Version: 1, Labels: Array.from({ length: 9 }, (_v, i) => `l${i}`) }];
    assert.equal(planLabels(full, 1, ['extra']).changes.get(1)?.length, 10);
    assert.throws(() => planLabels(full, 1, ['a', 'b']), /ParameterVersionLabelLimitExceeded|maximum 10 labels/);
  });

  it('unlabels what the version has; the rest is invalid', () => {
    assert.deepEqual(planUnlabel(['a', 'b', 'c'], ['a', 'x', 'a']), { kept: ['b', 'c'], removed: ['a'], invalid: ['x'] });
  });
});
