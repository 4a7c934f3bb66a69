/** DeleteParameter and DeleteParameters: a parameter goes with all its versions, labels and tags. */
import { Operations } from '../../../protocol/generated/ssm.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { ssmErrors } from '../domain/errors.js';
import { deleteParameter, findNamed } from '../domain/parameters.js';
import { scope, SsmDeps } from './context.js';

/** Deletes what a name or ARN names; false when it names nothing. */
function remove(tx: Tx, ctx: RequestContext, nameOrArn: string): boolean {
  const parameter = findNamed(tx, scope(ctx), nameOrArn);
  return parameter !== undefined && deleteParameter(tx, scope(ctx), parameter.Name);
}

export function deleteParameterOps(deps: SsmDeps): TypedHandlers<Operations> {
  return {
    DeleteParameter: (input, ctx) =>
      deps.store.transact((tx) => {
        if (!remove(tx, ctx, input.Name)) throw ssmErrors.parameterNotFound();
        return {};
      }),

    DeleteParameters: (input, ctx) =>
      deps.store.transact((tx) => {
        const DeletedParameters: string[] = [];
        const InvalidParameters: string[] = [];
        for (const name of new Set(input.Names)) (remove(tx, ctx, name) ? DeletedParameters : InvalidParameters).push(name);
        return { DeletedParameters, InvalidParameters };
      }),
  };
}
