/**
 * GetParameter, GetParameters and GetParameterHistory. A reference is a name or an ARN with
 * an optional `:version` or `:label` selector (not for history). GetParameters answers the
 * references that name nothing in InvalidParameters; a KMS refusal fails the whole call, as
 * in AWS.
 */
import { decodeToken, pageOf } from '../../../platform/aws/pagination.js';
import { Operations, Parameter } from '../../../protocol/generated/ssm.js';
import { ServiceError } from '../../../protocol/errors.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ssmErrors } from '../domain/errors.js';
import { findNamed, resolveReference, versionsOf } from '../domain/parameters.js';
import { scope, SsmDeps } from './context.js';
import { historyView, parameterView } from './views.js';

const HISTORY_PAGE = 50;

/** Whether an error means "this reference names nothing" (GetParameters lists those, it does not fail). */
const namesNothing = (e: unknown) => e instanceof ServiceError && (e.code === 'ParameterNotFound' || e.code === 'ParameterVersionNotFound');

function getMany(deps: SsmDeps, ctx: RequestContext, names: string[], withDecryption: boolean) {
  const Parameters: Parameter[] = [];
  const InvalidParameters: string[] = [];
  for (const ref of new Set(names)) {
    try {
      Parameters.push(parameterView(deps, ctx, resolveReference(deps.store, scope(ctx), ref), withDecryption));
    } catch (e) {
      if (!namesNothing(e)) throw e;
      InvalidParameters.push(ref);
    }
  }
  // AWS answers in name order, whatever order they were asked in.
  Parameters.sort((a, b) => (a.Name! < b.Name! ? -1 : a.Name! > b.Name! ? 1 : 0));
  return { Parameters, InvalidParameters };
}

export function getParameterOps(deps: SsmDeps): TypedHandlers<Operations> {
  return {
    GetParameter: (input, ctx) => ({
      Parameter: parameterView(deps, ctx, resolveReference(deps.store, scope(ctx), input.Name), input.WithDecryption ?? false),
    }),

    GetParameters: (input, ctx) => getMany(deps, ctx, input.Names, input.WithDecryption ?? false),

    GetParameterHistory: (input, ctx) => {
      const parameter = findNamed(deps.store, scope(ctx), input.Name);
      if (!parameter) throw ssmErrors.parameterNotFound();
      const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
      if (input.NextToken !== undefined && after === undefined) throw ssmErrors.invalidNextToken();
      const page = pageOf(versionsOf(deps.store, scope(ctx), parameter.Name), (v) => v.id, after, input.MaxResults ?? HISTORY_PAGE);
      return {
        Parameters: page.items.map((v) => historyView(deps, ctx, parameter, v.doc, input.WithDecryption ?? false)),
        ...(page.next ? { NextToken: page.next } : {}),
      };
    },
  };
}
