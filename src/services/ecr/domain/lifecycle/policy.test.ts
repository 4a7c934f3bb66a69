import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLifecyclePolicy, LifecyclePolicy, LifecycleRule, parseLifecyclePolicy } from './policy.js';
import { matchWildcard } from '../../../../platform/wildcard.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const HOUR = 3600_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * HOUR);
const image = (name: string, tags: string[], pushedAt: Date) => ({ imageDigest: `sha256:${name}`, imageTags: tags, imagePushedAt: pushedAt });

function rule(rulePriority: number, selection: Record<string, unknown>): Record<string, unknown> {
  return { rulePriority, description: `Rule ${rulePriority}`, selection, action: { type: 'expire' } };
}

function policyOf(...rules: Record<string, unknown>[]): LifecyclePolicy {
  const parsed = parseLifecyclePolicy(JSON.stringify({ rules }));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return parsed.policy;
}

/** Image name → rule that expired it. */
function run(policy: LifecyclePolicy, images: ReturnType<typeof image>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of evaluateLifecyclePolicy(policy, images, NOW)) out[e.imageDigest.slice(7)] = e.appliedRulePriority;
  return out;
}

// The examples of the ECR user guide, "Examples of lifecycle policies in Amazon ECR".
describe('AWS documentation examples', () => {
  it('filtering on image age: tagged prod* older than 14 days', () => {
    const policy = policyOf(rule(1, { tagStatus: 'tagged', tagPatternList: ['prod*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }));
    const images = [image('A', ['prod'], daysAgo(20)), image('B', ['prod1'], daysAgo(10)), image('C', ['dev'], daysAgo(30)), image('D', [], daysAgo(30))];
    assert.deepEqual(run(policy, images), { A: 1 });
  });

  it('filtering on image count: keep one untagged image', () => {
    const policy = policyOf(rule(1, { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }));
    const images = [image('A', [], daysAgo(3)), image('B', [], daysAgo(2)), image('C', [], daysAgo(1)), image('D', ['v1'], daysAgo(5))];
    assert.deepEqual(run(policy, images), { A: 1, B: 1 });
  });

  for (const [kind, prod, beta] of [['tagPatternList', ['prod*'], ['beta*']], ['tagPrefixList', ['prod'], ['beta']]] as const) {
    const twoRules = () => policyOf(
      rule(1, { tagStatus: 'tagged', [kind]: prod, countType: 'imageCountMoreThan', countNumber: 1 }),
      rule(2, { tagStatus: 'tagged', [kind]: beta, countType: 'imageCountMoreThan', countNumber: 1 }),
    );
    it(`multiple rules, example A (${kind}): only A expires; B is protected by rule 1`, () => {
      const images = [image('A', ['beta-1', 'prod-1'], daysAgo(10)), image('B', ['beta-2', 'prod-2'], daysAgo(9)), image('C', ['beta-3'], daysAgo(8))];
      assert.deepEqual(run(twoRules(), images), { A: 1 });
    });
    it(`multiple rules, example B (${kind}): A and B expire by rule 1`, () => {
      const images = [image('A', ['beta-1', 'prod-1'], daysAgo(10)), image('B', ['beta-2', 'prod-2'], daysAgo(9)), image('C', ['beta-3', 'prod-3'], daysAgo(8))];
      assert.deepEqual(run(twoRules(), images), { A: 1, B: 1 });
    });
  }

  it('multiple tags in a single rule, example A: images must match all patterns', () => {
    const policy = policyOf(rule(1, { tagStatus: 'tagged', tagPatternList: ['alpha*', 'beta*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 5 }));
    const images = [
      image('A', ['alpha-1'], daysAgo(12)), image('B', ['beta-1'], daysAgo(11)), image('C', ['alpha-2', 'beta-2'], daysAgo(10)),
      image('D', ['alpha-3'], daysAgo(4)), image('E', ['beta-3'], daysAgo(3)), image('F', ['alpha-4', 'beta-4'], daysAgo(2)),
    ];
    assert.deepEqual(run(policy, images), { C: 1 });
  });

  it('multiple tags in a single rule, example B: tags are not exclusive', () => {
    const policy = policyOf(rule(1, { tagStatus: 'tagged', tagPatternList: ['alpha*', 'beta*'], countType: 'imageCountMoreThan', countNumber: 1 }));
    const images = [image('A', ['alpha-1', 'beta-1', 'gamma-1'], daysAgo(10)), image('B', ['alpha-2', 'beta-2'], daysAgo(9)), image('C', ['alpha-3', 'beta-3', 'gamma-2'], daysAgo(8))];
    assert.deepEqual(run(policy, images), { A: 1, B: 1 });
  });

  it('all images, example A: keep the newest image whatever its tags', () => {
    const policy = policyOf(rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }));
    const images = [image('A', ['alpha-1'], daysAgo(4)), image('B', ['beta-1'], daysAgo(3)), image('C', [], daysAgo(2)), image('D', ['alpha-2'], daysAgo(1))];
    assert.deepEqual(run(policy, images), { A: 1, B: 1, C: 1 });
  });

  it('all images, example B: the any rule still counts images claimed by higher rules', () => {
    const policy = policyOf(
      rule(1, { tagStatus: 'tagged', tagPatternList: ['alpha*'], countType: 'imageCountMoreThan', countNumber: 1 }),
      rule(2, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }),
      rule(3, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }),
    );
    const images = [
      image('A', ['alpha-1', 'beta-1'], daysAgo(4)), image('B', [], daysAgo(3)), image('C', ['alpha-2'], daysAgo(2)),
      image('D', ['git hash'], daysAgo(1)), image('E', [], new Date(daysAgo(1).getTime() + HOUR)),
    ];
    assert.deepEqual(run(policy, images), { A: 1, B: 2, D: 3 });
  });
});

describe('evaluation details', () => {
  it('applies rules by priority, not by document order', () => {
    const policy = policyOf(
      rule(10, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }),
      rule(2, { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 5 }),
    );
    const images = [image('A', ['v1'], daysAgo(3)), image('B', ['v2'], daysAgo(2)), image('C', [], daysAgo(1))];
    assert.deepEqual(run(policy, images), {});
  });

  it('a prefix rule needs every prefix matched by some tag', () => {
    const policy = policyOf(rule(1, { tagStatus: 'tagged', tagPrefixList: ['prod', 'v'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }));
    const images = [image('A', ['prod-1'], daysAgo(5)), image('B', ['prod-2', 'v2'], daysAgo(5)), image('C', ['prodv'], daysAgo(5))];
    assert.deepEqual(run(policy, images), { B: 1 });
  });

  it('sinceImagePushed expires only images strictly older than N days', () => {
    const policy = policyOf(rule(1, { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 2 }));
    const images = [image('A', [], daysAgo(2)), image('B', [], new Date(daysAgo(2).getTime() - 1))];
    assert.deepEqual(run(policy, images), { B: 1 });
  });

  it('returns expired images oldest first, with their tags and push time', () => {
    const policy = policyOf(rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }));
    const images = [image('B', ['b'], daysAgo(2)), image('A', ['a'], daysAgo(3)), image('C', [], daysAgo(1))];
    assert.deepEqual(evaluateLifecyclePolicy(policy, images, NOW), [
      { imageDigest: 'sha256:A', imageTags: ['a'], imagePushedAt: daysAgo(3), appliedRulePriority: 1 },
      { imageDigest: 'sha256:B', imageTags: ['b'], imagePushedAt: daysAgo(2), appliedRulePriority: 1 },
    ]);
  });

  it('breaks push-time ties by digest so preview and run agree', () => {
    const policy = policyOf(rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }));
    const t = daysAgo(1);
    assert.deepEqual(run(policy, [image('b', [], t), image('a', [], t)]), { b: 1 });
    assert.deepEqual(run(policy, [image('a', [], t), image('b', [], t)]), { b: 1 });
  });

  const wildcards: [string, string, boolean][] = [
    ['prod*', 'prod', true], ['prod*', 'prod1', true], ['prod*', 'xprod', false], ['*prod', 'myprod', true],
    ['*test*1*2*3', 'a-test-1-2-3', true], ['*test*1*2*3', 'a-test-1-2-3-4', false], ['v*.*', 'v1.2', true],
    ['latest', 'latest', true], ['latest', 'latest2', false], ['a*a', 'a', false], ['a*a', 'aa', true], ['*', 'anything', true],
  ];
  for (const [pattern, tag, expected] of wildcards) {
    it(`pattern ${pattern} ${expected ? 'matches' : 'does not match'} ${tag}`, () => assert.equal(matchWildcard(pattern, tag), expected));
  }
});

const PREFIX = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ";
const tagged = { tagStatus: 'tagged', tagPrefixList: ['prod'], countType: 'imageCountMoreThan', countNumber: 1 };
const withSel = (sel: Record<string, unknown>) => JSON.stringify({ rules: [rule(1, sel)] });

describe('parseLifecyclePolicy validation', () => {
  const cases: [string, string, string][] = [
    ['invalid JSON', '{"rules": [', 'Could not map policyString into LifecyclePolicy.'],
    ['not an object', '[]', 'Could not map policyString into LifecyclePolicy.'],
    ['missing rules', '{}', 'object has missing required properties (["rules"])'],
    ['unknown top-level field', '{"rules":[],"x":1}', 'object instance has properties which are not allowed by the schema: ["x"]'],
    ['rules not an array', '{"rules":{}}', 'instance type (object) does not match any allowed primitive type (allowed: ["array"])'],
    ['no rules', '{"rules":[]}', 'array is too short: must have at least 1 elements but instance has 0 elements'],
    ['too many rules', JSON.stringify({ rules: Array.from({ length: 51 }, (_, i) => rule(i + 1, tagged)) }), 'array is too long: must have at most 50 elements but instance has 51 elements'],
    ['missing rule fields', '{"rules":[{"selection":{}}]}', 'object has missing required properties (["action","rulePriority"])'],
    ['unknown rule field', JSON.stringify({ rules: [{ ...rule(1, tagged), extra: true }] }), 'object instance has properties which are not allowed by the schema: ["extra"]'],
    ['rulePriority 0', JSON.stringify({ rules: [rule(0, tagged)] }), 'numeric instance is lower than the required minimum (minimum: 1, found: 0)'],
    ['rulePriority a string', JSON.stringify({ rules: [rule('1' as unknown as number, tagged)] }), 'instance type (string) does not match any allowed primitive type (allowed: ["integer"])'],
    ['bad tagStatus', withSel({ ...tagged, tagStatus: 'TAGGED' }), 'instance value ("TAGGED") not found in enum (possible values: ["tagged","untagged","any"])'],
    ['missing countNumber', withSel({ tagStatus: 'untagged', countType: 'imageCountMoreThan' }), 'object has missing required properties (["countNumber"])'],
    ['countNumber 0', withSel({ ...tagged, countNumber: 0 }), 'numeric instance is lower than the required minimum (minimum: 1, found: 0)'],
    ['countNumber fractional', withSel({ ...tagged, countNumber: 1.5 }), 'instance type (number) does not match any allowed primitive type (allowed: ["integer"])'],
    ['countUnit with imageCountMoreThan', withSel({ ...tagged, countUnit: 'days' }), 'instance failed to match exactly one schema (matched 0 out of 2)'],
    ['sinceImagePushed without countUnit', withSel({ ...tagged, countType: 'sinceImagePushed' }), 'instance failed to match exactly one schema (matched 0 out of 2)'],
    ['countUnit null', withSel({ ...tagged, countType: 'sinceImagePushed', countUnit: null }), 'instance failed to match exactly one schema (matched 0 out of 2)'],
    ['unknown countType', withSel({ ...tagged, countType: 'sinceImagePulled' }), 'instance failed to match exactly one schema (matched 0 out of 2)'],
    ['countUnit hours', withSel({ ...tagged, countType: 'sinceImagePushed', countUnit: 'hours' }), 'instance failed to match exactly one schema (matched 0 out of 2)'],
    ['unknown selection field', withSel({ ...tagged, storageClass: 'standard' }), 'object instance has properties which are not allowed by the schema: ["storageClass"]'],
    ['action extra field', JSON.stringify({ rules: [{ ...rule(1, tagged), action: { type: 'expire', targetStorageClass: null } }] }), 'object instance has properties which are not allowed by the schema: ["targetStorageClass"]'],
    ['action type', JSON.stringify({ rules: [{ ...rule(1, tagged), action: { type: 'delete' } }] }), 'instance value ("delete") not found in enum (possible values: ["expire"])'],
    ['tagPrefixList of numbers', withSel({ ...tagged, tagPrefixList: [1] }), 'instance type (integer) does not match any allowed primitive type (allowed: ["string"])'],
    ['duplicate rulePriority', JSON.stringify({ rules: [rule(1, tagged), rule(1, { ...tagged, tagPrefixList: ['dev'] })] }), 'The rulePriority 1 is used by more than one rule. Each rule must have a unique rulePriority.'],
    ['tagged without a list', withSel({ tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 1 }), "The rule with rulePriority 1 has tagStatus 'tagged' and must specify a non-empty tagPrefixList or tagPatternList."],
    ['tagged with an empty list', withSel({ ...tagged, tagPrefixList: [] }), "The rule with rulePriority 1 has tagStatus 'tagged' and must specify a non-empty tagPrefixList or tagPatternList."],
    ['both lists', withSel({ ...tagged, tagPatternList: ['prod*'] }), 'The rule with rulePriority 1 specifies both tagPrefixList and tagPatternList. A rule can specify only one of them.'],
    ['untagged with a list', withSel({ ...tagged, tagStatus: 'untagged' }), "The rule with rulePriority 1 has tagStatus 'untagged'; tagPrefixList and tagPatternList can only be used with tagStatus 'tagged'."],
    ['any not last', JSON.stringify({ rules: [rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }), rule(2, tagged)] }), "The rule with rulePriority 1 has tagStatus 'any' and must have the highest rulePriority in the policy."],
    ['five wildcards', withSel({ tagStatus: 'tagged', tagPatternList: ['test*1*2*3*4*5*6'], countType: 'imageCountMoreThan', countNumber: 1 }), "The tag pattern 'test*1*2*3*4*5*6' has more than 4 wildcards (*). A tag pattern can have at most 4 wildcards."],
  ];
  for (const [name, text, detail] of cases) {
    it(`rejects: ${name}`, () => assert.deepEqual(parseLifecyclePolicy(text), { ok: false, message: `${PREFIX}${detail}'` }));
  }

  it('accepts four wildcards per pattern (the documented valid example)', () => {
    assert.equal(parseLifecyclePolicy(withSel({ tagStatus: 'tagged', tagPatternList: ['*test*1*2*3', 'test*1*2*3*'], countType: 'imageCountMoreThan', countNumber: 1 })).ok, true);
  });

  it('returns the typed policy, dropping nothing and adding nothing', () => {
    const rules: LifecycleRule[] = [
      { rulePriority: 1, description: 'old prod', selection: { tagStatus: 'tagged', tagPatternList: ['prod*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } },
      { rulePriority: 5, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 3 }, action: { type: 'expire' } },
    ];
    assert.deepEqual(parseLifecyclePolicy(JSON.stringify({ rules })), { ok: true, policy: { rules } });
  });
});
