/**
 * Placement constraints: validating RunTask/CreateService/UpdateService and task definition
 * inputs into their checked form, and the reasons ECS gives when a constraint refuses an
 * instance.
 */
import { PlacementConstraint, TaskDefinitionPlacementConstraint } from '../../../../protocol/generated/ecs.js';
import { clientError } from '../../../../protocol/errors.js';
import { ClusterQuery, ClusterQueryError, parseClusterQuery } from './cluster-query.js';

export type Constraint = { type: 'distinctInstance' } | { type: 'memberOf'; expression: string; query: ClusterQuery };

/** AWS's quota per call (and per task definition). */
export const MAX_CONSTRAINTS = 10;

/** The `failures` reasons of constraints, as ECS words them in RunTask and service events. */
export const MEMBER_OF_UNSATISFIED = 'MemberOf placement constraint unsatisfied.';
export const DISTINCT_INSTANCE_UNSATISFIED = 'DistinctInstance placement constraint unsatisfied.';

const invalid = (message: string) => clientError('InvalidParameterException', message);

/** RunTask, CreateService and UpdateService `placementConstraints`. */
export function validatePlacementConstraints(input: PlacementConstraint[] | undefined): Constraint[] {
  const items = input ?? [];
  if (items.length > MAX_CONSTRAINTS) throw invalid(`The number of placement constraints cannot exceed ${MAX_CONSTRAINTS}.`);
  return items.map((c) => {
    if (c.type === 'distinctInstance') {
      // AWS refuses even an empty expression here (clients that send "" get this error).
      if (c.expression !== undefined) throw invalid('distinctInstance expression should not be specified.');
      return { type: 'distinctInstance' };
    }
    if (c.type === 'memberOf') return memberOf(c.expression);
    throw invalid(`Invalid placement constraint type: ${String(c.type)}.`);
  });
}

/** A task definition's `placementConstraints`: memberOf only. */
export function validateTaskDefinitionConstraints(input: TaskDefinitionPlacementConstraint[] | undefined): Constraint[] {
  const items = input ?? [];
  if (items.length > MAX_CONSTRAINTS) throw clientError('ClientException', `The number of placement constraints cannot exceed ${MAX_CONSTRAINTS}.`);
  return items.map((c) => {
    const type: string | undefined = c.type;
    if (type !== 'memberOf') throw clientError('ClientException', `constraint.type '${String(type)}' is not supported.`);
    return memberOf(c.expression);
  });
}

function memberOf(expression: string | undefined): Constraint {
  if (expression === undefined || expression.trim() === '') throw invalid('memberOf expression should be specified.');
  return { type: 'memberOf', expression, query: parseConstraintExpression(expression) };
}

/** Parses a memberOf expression, answering a bad one with AWS's error (the parser's detail stays in the cause). */
export function parseConstraintExpression(expression: string): ClusterQuery {
  try {
    return parseClusterQuery(expression);
  } catch (e) {
    if (e instanceof ClusterQueryError) throw Object.assign(invalid('Invalid placement constraint expression.'), { cause: e });
    throw e;
  }
}
