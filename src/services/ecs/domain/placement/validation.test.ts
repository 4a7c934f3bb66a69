import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PlacementConstraint, PlacementStrategy, TaskDefinitionPlacementConstraint } from '../../../../protocol/generated/ecs.js';
import { validatePlacementConstraints, validateTaskDefinitionConstraints } from './constraints.js';
import { DEFAULT_SERVICE_STRATEGY, serviceStrategy, validatePlacementStrategy } from './strategies.js';

const invalid = (message: string) => ({ code: 'InvalidParameterException', message });

describe('validatePlacementStrategy', () => {
  const valid: [string, PlacementStrategy[] | undefined, unknown][] = [
    ['none', undefined, []],
    ['AZ balanced spread', [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' }],
      [{ type: 'spread', field: { kind: 'attribute', name: 'ecs.availability-zone' } }, { type: 'spread', field: { kind: 'instanceId' } }]],
    ['host is instanceId', [{ type: 'spread', field: 'host' }], [{ type: 'spread', field: { kind: 'instanceId' } }]],
    ['binpack memory and cpu', [{ type: 'binpack', field: 'memory' }, { type: 'binpack', field: 'cpu' }], [{ type: 'binpack', field: 'memory' }, { type: 'binpack', field: 'cpu' }]],
    ['random ignores its field', [{ type: 'random', field: 'anything' }], [{ type: 'random' }]],
    ['five strategies', Array.from({ length: 5 }, () => ({ type: 'random' as const })), Array.from({ length: 5 }, () => ({ type: 'random' }))],
  ];
  for (const [name, input, expected] of valid) it(`accepts ${name}`, () => assert.deepEqual(validatePlacementStrategy(input), expected));

  const errors: [string, PlacementStrategy[], object][] = [
    ['six strategies', Array.from({ length: 6 }, () => ({ type: 'random' as const })), invalid('The number of placement strategies cannot exceed 5.')],
    ['binpack without a field', [{ type: 'binpack' }], invalid('Invalid field for binpack placement strategy: null. Valid fields are cpu and memory.')],
    ['binpack on ports', [{ type: 'binpack', field: 'ports' }], invalid('Invalid field for binpack placement strategy: ports. Valid fields are cpu and memory.')],
    ['spread without a field', [{ type: 'spread' }], invalid('Invalid field for spread placement strategy: null. Valid fields are instanceId, host or attribute:<name>.')],
    ['spread on memory', [{ type: 'spread', field: 'memory' }], invalid('Invalid field for spread placement strategy: memory. Valid fields are instanceId, host or attribute:<name>.')],
    ['spread on an empty attribute', [{ type: 'spread', field: 'attribute:' }], invalid('Invalid field for spread placement strategy: attribute:. Valid fields are instanceId, host or attribute:<name>.')],
    ['no type', [{ field: 'cpu' }], invalid('Invalid placement strategy type: undefined.')],
  ];
  for (const [name, input, expected] of errors) it(`rejects ${name}`, () => assert.throws(() => validatePlacementStrategy(input), expected));

  it('a service without a strategy gets the scheduler\'s default', () => {
    assert.equal(serviceStrategy([]), DEFAULT_SERVICE_STRATEGY);
    const own = validatePlacementStrategy([{ type: 'binpack', field: 'cpu' }]);
    assert.equal(serviceStrategy(own), own);
  });
});

describe('validatePlacementConstraints', () => {
  it('accepts the documented examples', () => {
    const input: PlacementConstraint[] = [
      { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' }, { type: 'memberOf', expression: 'task:group == databases' }, { type: 'distinctInstance' },
    ];
    assert.deepEqual(validatePlacementConstraints(input).map((c) => c.type), ['memberOf', 'memberOf', 'distinctInstance']);
  });
  it('ten constraints are allowed', () => assert.equal(validatePlacementConstraints(Array.from({ length: 10 }, () => ({ type: 'distinctInstance' as const }))).length, 10));

  const errors: [string, PlacementConstraint[], object][] = [
    ['eleven constraints', Array.from({ length: 11 }, () => ({ type: 'distinctInstance' as const })), invalid('The number of placement constraints cannot exceed 10.')],
    ['distinctInstance with an expression', [{ type: 'distinctInstance', expression: 'attribute:a exists' }], invalid('distinctInstance expression should not be specified.')],
    ['distinctInstance with an empty expression', [{ type: 'distinctInstance', expression: '' }], invalid('distinctInstance expression should not be specified.')],
    ['memberOf without an expression', [{ type: 'memberOf' }], invalid('memberOf expression should be specified.')],
    ['memberOf with a blank expression', [{ type: 'memberOf', expression: '  ' }], invalid('memberOf expression should be specified.')],
    ['memberOf with an invalid expression', [{ type: 'memberOf', expression: 'attribute:a = b' }], invalid('Invalid placement constraint expression.')],
    ['memberOf over 2,000 characters', [{ type: 'memberOf', expression: `attribute:a == ${'x'.repeat(2_000)}` }], invalid('Invalid placement constraint expression.')],
    ['no type', [{ expression: 'attribute:a exists' }], invalid('Invalid placement constraint type: undefined.')],
  ];
  for (const [name, input, expected] of errors) it(`rejects ${name}`, () => assert.throws(() => validatePlacementConstraints(input), expected));

  it('keeps the parser\'s detail as the cause', () => {
    assert.throws(() => validatePlacementConstraints([{ type: 'memberOf', expression: 'runningTasksCount == x' }]),
      (e: Error) => /not a task count/.test(String((e.cause as Error).message)));
  });
});

describe('validateTaskDefinitionConstraints', () => {
  it('accepts memberOf', () => assert.equal(validateTaskDefinitionConstraints([{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }]).length, 1));
  it('refuses distinctInstance as AWS does', () => {
    const input = [{ type: 'distinctInstance' }] as unknown as TaskDefinitionPlacementConstraint[];
    assert.throws(() => validateTaskDefinitionConstraints(input), { code: 'ClientException', message: "constraint.type 'distinctInstance' is not supported." });
  });
  it('refuses more than ten', () => {
    const input = Array.from({ length: 11 }, () => ({ type: 'memberOf' as const, expression: 'attribute:a exists' }));
    assert.throws(() => validateTaskDefinitionConstraints(input), { code: 'ClientException', message: 'The number of placement constraints cannot exceed 10.' });
  });
});
