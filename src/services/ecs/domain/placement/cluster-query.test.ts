import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterQueryError, MAX_NESTING, parseClusterQuery } from './cluster-query.js';
import { evaluateQuery, isDynamic, QueryInstance } from './query-eval.js';

type Fixture = Omit<QueryInstance, 'attributes' | 'taskGroups'> & { attributes: Record<string, string | undefined>; taskGroups?: Record<string, number> };

const at = (iso: string) => Date.parse(iso);
/** Five instances that tell the documented examples apart. */
const FLEET: Record<string, Fixture> = {
  a: { ec2InstanceId: 'i-abcd1234', agentConnected: true, agentVersion: '1.14.4', registeredAt: at('2018-02-12T10:00:00Z'), runningTasksCount: 1,
    attributes: { 'ecs.instance-type': 't2.small', 'ecs.availability-zone': 'us-east-1a', 'ecs.os-type': 'linux', stack: 'prod', 'ecs.capability.task-eni': undefined },
    taskGroups: { 'service:production': 1 } },
  b: { ec2InstanceId: 'i-wxyx7890', agentConnected: true, agentVersion: '1.14.5', registeredAt: at('2018-02-13T00:00:00Z'), runningTasksCount: 2,
    attributes: { 'ecs.instance-type': 't2.medium', 'ecs.availability-zone': 'us-east-1b', 'ecs.os-type': 'linux', stack: 'dev' },
    taskGroups: { database: 1, 'service:production': 1 } },
  c: { ec2InstanceId: 'i-00000000c', agentConnected: true, agentVersion: '1.9.0', registeredAt: at('2019-01-01T00:00:00Z'), runningTasksCount: 0,
    attributes: { 'ecs.instance-type': 'g2.2xlarge', 'ecs.availability-zone': 'us-east-1c', 'ecs.os-type': 'linux' } },
  d: { ec2InstanceId: 'i-00000000d', agentConnected: false, agentVersion: '1.60.0', registeredAt: at('2020-01-01T00:00:00Z'), runningTasksCount: 1,
    attributes: { 'ecs.instance-type': 'g2.8xlarge', 'ecs.availability-zone': 'us-east-1d', 'ecs.os-type': 'windows', 'ecs.os-family': 'WINDOWS_SERVER_2019_FULL' },
    taskGroups: { databases: 1 } },
  e: { ec2InstanceId: 'i-00000000e', agentConnected: true, agentVersion: '1.14.10', registeredAt: at('2018-02-13T00:00:01Z'), runningTasksCount: 10,
    attributes: { 'ecs.instance-type': 't2.micro', 'ecs.availability-zone': 'us-east-1a', 'ecs.os-type': 'linux', stack: 'prod' },
    taskGroups: { database: 0 } },
};

const instance = (f: Fixture): QueryInstance => ({
  ...f, attributes: new Map(Object.entries(f.attributes)), taskGroups: new Map(Object.entries(f.taskGroups ?? {})),
});

/** The names of the fleet's instances the expression selects. */
function select(expression: string): string {
  const query = parseClusterQuery(expression);
  return Object.entries(FLEET).filter(([, f]) => evaluateQuery(query, instance(f))).map(([name]) => name).join('');
}

describe('cluster query language: the examples of AWS documentation', () => {
  const cases: [string, string][] = [
    // "Cluster query language", example expressions.
    ['attribute:ecs.instance-type == t2.small', 'a'],
    ['attribute:ecs.availability-zone in [us-east-1a, us-east-1b]', 'abe'],
    ['attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d', 'c'],
    ['task:group == service:production', 'ab'],
    ['not(task:group == database)', 'acde'],
    ['runningTasksCount == 1', 'ad'],
    ['agentVersion < 1.14.5', 'ac'],
    ['registeredAt < 2018-02-13', 'a'],
    ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", 'ab'],
    // "Task placement constraints", filtering and constraint examples.
    ['attribute:ecs.instance-type == g2.2xlarge', 'c'],
    ['attribute:stack == prod', 'ae'],
    ['attribute:stack != prod', 'b'],
    ['attribute:ecs.instance-type in [t2.small, t2.medium]', 'ab'],
    ['attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a', 'ae'],
    ['attribute:ecs.instance-type =~ t2.*', 'abe'],
    ['task:group == databases', 'd'],
    ['attribute:ecs.os-type == linux', 'abce'],
    ['attribute:ecs.os-family == WINDOWS_SERVER_2019_FULL', 'd'],
    // The documented precedence form: (expression1 or expression2) and expression3.
    ['(attribute:stack == prod or attribute:stack == dev) and attribute:ecs.availability-zone == us-east-1a', 'ae'],
  ];
  for (const [expression, selected] of cases) it(expression, () => assert.equal(select(expression), selected));
});

describe('cluster query language: operators and subjects', () => {
  const cases: [string, string][] = [
    ['attribute:stack equals prod', 'ae'],
    ['attribute:stack not_equals prod', 'b'],
    ['attribute:stack exists', 'abe'],
    ['attribute:stack !exists', 'cd'],
    ['attribute:stack not_exists', 'cd'],
    ['attribute:ecs.capability.task-eni exists', 'a'],
    ['attribute:ecs.capability.task-eni == x', ''],
    ['attribute:stack !in [prod]', 'b'],
    ['attribute:stack not_in [prod, dev]', ''],
    ["attribute:ecs.instance-type matches 't2\\.(small|micro)'", 'ae'],
    ['attribute:ecs.instance-type !~ t2.*', 'cd'],
    ['attribute:ecs.instance-type not_matches g2.*', 'abe'],
    ['attribute:ecs.instance-type =~ 2', ''],
    ['runningTasksCount > 1', 'be'],
    ['runningTasksCount greater_than_equal 2', 'be'],
    ['runningTasksCount less_than 1', 'c'],
    ['runningTasksCount <= 1', 'acd'],
    ['runningTasksCount != 1', 'bce'],
    ['agentVersion >= 1.14.5', 'bde'],
    ['agentVersion == 1.14.5.0', 'b'],
    ['agentVersion > 1.14', 'abde'],
    ['registeredAt >= 2018-02-13', 'bcde'],
    ['registeredAt == 2018-02-13T00:00:00Z', 'b'],
    ['registeredAt == 2018-02-13T01:00:00+01:00', 'b'],
    ['registeredAt > 2018-02-13T00:00:00', 'cde'],
    ['registeredAt less_than_equal 2018-02-13T00:00:00+00:00', 'ab'],
    ['agentConnected == false', 'd'],
    ['agentConnected in [true]', 'abce'],
    ['agentConnected =~ f.*', 'd'],
    ['ec2InstanceId =~ i-0+[cd]', 'cd'],
    ['ec2InstanceId != i-abcd1234', 'bcde'],
    ['task:group != database', 'acde'],
    ['task:group in [database, databases]', 'bd'],
    ['task:group !in [database, databases]', 'ace'],
    ['task:group =~ service:.*', 'ab'],
    ['task:group !~ data.*', 'ace'],
    ['task:group exists', 'abd'],
    ['task:group !exists', 'ce'],
    ['not task:group exists', 'ce'],
    ['attribute:stack == prod && runningTasksCount > 5', 'e'],
    ['attribute:stack == dev || runningTasksCount == 0', 'bc'],
    ['!(attribute:stack == prod)', 'bcd'],
    ['!attribute:stack exists', 'cd'],
    ['not not attribute:stack == dev', 'b'],
    ['attribute:stack == dev or runningTasksCount == 0 and agentConnected == false', 'b'],
    ['(attribute:stack == dev or runningTasksCount == 0) and agentConnected == true', 'bc'],
    ['  attribute:stack  ==  dev  ', 'b'],
    ['attribute:stack==dev', 'b'],
    ['attribute:ecs.availability-zone in[us-east-1c,us-east-1d]', 'cd'],
    ['attribute:missing != x', ''],
    ['attribute:missing !~ x', ''],
  ];
  for (const [expression, selected] of cases) it(expression, () => assert.equal(select(expression), selected));
});

describe('cluster query language: numeric and string ordering of attributes', () => {
  const cases: [string, string, boolean][] = [
    ['attribute:n > 9', '10', true],
    ['attribute:n > 9', '8.5', false],
    ['attribute:n <= -1', '-2', true],
    ['attribute:n > 9', 'abc', true],
    ['attribute:n < b', 'a', true],
    ['attribute:n == 10', '10.0', false],
  ];
  for (const [expression, value, expected] of cases) {
    it(`${expression} with n=${value}`, () => {
      const inst = instance({ ...FLEET.c, attributes: { n: value } });
      assert.equal(evaluateQuery(parseClusterQuery(expression), inst), expected);
    });
  }
});

describe('cluster query language: invalid expressions', () => {
  const cases: [string, RegExp][] = [
    ['', /expected a subject/],
    ['attribute:stack', /expected an operator/],
    ['attribute:stack ==', /expected an argument/],
    ['attribute:stack = prod', /expected an operator/],
    ['attribute: == x', /invalid attribute name/],
    ['attribute:a$b == x', /expected an operator/],
    ['instanceType == t2.small', /unknown subject/],
    ['runningTasksCount == one', /not a task count/],
    ['runningTasksCount =~ 1', /not valid for runningTasksCount/],
    ['agentVersion in [1.0]', /not valid for agentVersion/],
    ['agentVersion < 1.x', /not an agent version/],
    ['ec2InstanceId > i-1', /not valid for ec2InstanceId/],
    ['registeredAt < 2018-13-01', /not a valid date/],
    ['registeredAt < 2018-02-30', /not a valid date/],
    ['registeredAt < yesterday', /not a valid date/],
    ['agentConnected == yes', /not true or false/],
    ['task:group > a', /not valid for task:group/],
    ['attribute:a in []', /expected an argument/],
    ['attribute:a in [x', /expected '\]'/],
    ['attribute:a in x', /expected '\['/],
    ["attribute:a == 'x", /unterminated/],
    ["attribute:a =~ '(x'", /invalid pattern/],
    ['attribute:a =~ t2\\.(small|micro)', /unexpected '\('/],
    ['attribute:a =~ a{5000}', /invalid pattern/],
    ['(attribute:a exists', /expected '\)'/],
    ['attribute:a exists)', /unexpected '\)'/],
    ['attribute:a exists and', /expected a subject/],
    ['attribute:a exists attribute:b exists', /unexpected 'a'/],
    ['attribute:a == x y', /unexpected 'y'/],
    ['attribute:a !inx [b]', /expected an operator/],
    ['a'.repeat(2_001), /longer than 2000/],
  ];
  for (const [expression, message] of cases) {
    it(JSON.stringify(expression.slice(0, 60)), () => {
      assert.throws(() => parseClusterQuery(expression), (e: unknown) => e instanceof ClusterQueryError && message.test(e.message));
    });
  }
});

describe('cluster query language: hostile input', () => {
  it(`nesting is bounded at ${MAX_NESTING}`, () => {
    const nest = (n: number) => '('.repeat(n) + 'attribute:a exists' + ')'.repeat(n);
    assert.doesNotThrow(() => parseClusterQuery(nest(MAX_NESTING)));
    assert.throws(() => parseClusterQuery(nest(MAX_NESTING + 1)), /nesting deeper/);
    assert.throws(() => parseClusterQuery('not '.repeat(MAX_NESTING + 1) + 'attribute:a exists'), /nesting deeper/);
    assert.throws(() => parseClusterQuery('('.repeat(1_000)), /nesting deeper/);
  });
  it('a long flat chain of 2,000 characters parses without deep recursion', () => {
    let expression = 'attribute:a0 exists';
    for (let i = 1; expression.length + 25 <= 2_000; i++) expression += ` or attribute:a${i} exists`;
    const query = parseClusterQuery(expression);
    assert.ok(query.kind === 'or' && query.operands.length > 80);
  });
  it('a catastrophic-backtracking pattern matches in linear time', () => {
    const query = parseClusterQuery(`attribute:a =~ '(x+x+)+y'`);
    const inst = instance({ ...FLEET.c, attributes: { a: 'x'.repeat(128) } });
    const t0 = performance.now();
    assert.equal(evaluateQuery(query, inst), false);
    assert.ok(performance.now() - t0 < 200, 'a backtracking engine would take longer than the age of the universe');
  });
});

describe('isDynamic: what placing a task can change', () => {
  const cases: [string, boolean][] = [
    ['attribute:ecs.instance-type =~ t2.*', false],
    ['agentVersion < 1.14.5 and registeredAt < 2018-02-13', false],
    ['task:group == databases', true],
    ['attribute:stack == prod and not(runningTasksCount > 3)', true],
  ];
  for (const [expression, expected] of cases) it(expression, () => assert.equal(isDynamic(parseClusterQuery(expression)), expected));
});
