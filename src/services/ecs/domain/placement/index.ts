/** The placement engine's public face: validation of the API inputs, placement, scale-in, and cluster queries. */
export { placeTasks, queryViewOf, type CandidateInstance, type PlacementFailure, type PlacementRequest, type PlacementResult } from './place.js';
export { tasksToStop, type RunningTask, type TaskHost } from './scale-in.js';
export {
  DEFAULT_SERVICE_STRATEGY, MAX_STRATEGIES, serviceStrategy, validatePlacementStrategy, type SpreadField, type Strategy,
} from './strategies.js';
export {
  DISTINCT_INSTANCE_UNSATISFIED, MAX_CONSTRAINTS, MEMBER_OF_UNSATISFIED, parseConstraintExpression, validatePlacementConstraints,
  validateTaskDefinitionConstraints, type Constraint,
} from './constraints.js';
export { ClusterQueryError, parseClusterQuery, type ClusterQuery } from './cluster-query.js';
export { evaluateQuery, type QueryInstance } from './query-eval.js';
