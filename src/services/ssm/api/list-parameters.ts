/**
 * GetParametersByPath and DescribeParameters: pages read from the Store in id order,
 * only as far as a page needs. A path (or a single Path filter) is a range: Recursive is
 * the id prefix of its folder, one level the folder index; other filters are applied to
 * each parameter read. Next tokens carry the last id answered.
 */
import { decodeToken, Page, pageFrom } from '../../../platform/aws/pagination.js';
import { scopePrefix } from '../../../platform/aws/scope.js';
import { Operations } from '../../../protocol/generated/ssm.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord } from '../../../state/store.js';
import { ssmErrors, validation } from '../domain/errors.js';
import { CheckedFilter, checkParameterFilters, labelsFilter, legacyFilters, matchesFilters } from '../domain/filters.js';
import { searchFolder } from '../domain/names.js';
import { getVersion, versionsOf } from '../domain/parameters.js';
import { folderKey, INDEX, KIND, ParameterDoc, VersionDoc } from '../domain/records.js';
import { scope, SsmDeps } from './context.js';
import { metadataView, parameterView } from './views.js';

const BY_PATH_PAGE = 10;
const DESCRIBE_PAGE = 10;

type Source = (after: string | undefined, limit: number) => StoredRecord<ParameterDoc>[];

/** The parameters in a folder (`app/db/`, '' for the top): beneath it, or directly in it. */
function folderSource(deps: SsmDeps, ctx: RequestContext, folder: string, recursive: boolean): Source {
  const where = scope(ctx);
  if (recursive) return (after, limit) => deps.store.list<ParameterDoc>(KIND.parameter, { prefix: folderKey(where, folder), after, limit });
  return (after, limit) => deps.store.listByIndex<ParameterDoc>(KIND.parameter, INDEX.folder, { key: folderKey(where, folder), after, limit });
}

function afterToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const after = decodeToken(token);
  if (after === undefined) throw ssmErrors.invalidNextToken();
  return after;
}

function page(source: Source, filters: CheckedFilter[], keep: (doc: ParameterDoc) => boolean, token: string | undefined, limit: number): Page<StoredRecord<ParameterDoc>> {
  return pageFrom(source, (r) => r.id, (r) => matchesFilters(r.doc, filters) && keep(r.doc), afterToken(token), limit);
}

/** With a Label filter, the version carrying one of the labels (none: the parameter is left out); else the latest. */
function versionFor(deps: SsmDeps, ctx: RequestContext, doc: ParameterDoc, labels: string[] | undefined): VersionDoc | undefined {
  if (!labels) return getVersion(deps.store, scope(ctx), doc.Name, doc.Version);
  return versionsOf(deps.store, scope(ctx), doc.Name).find((v) => v.doc.Labels.some((l) => labels.includes(l)))?.doc;
}

/** DescribeParameters reads only the range a single Path filter names, else the whole scope. */
function describeSource(deps: SsmDeps, ctx: RequestContext, filters: CheckedFilter[]): Source {
  const path = filters.find((f) => f.key === 'Path');
  if (path?.values.length === 1) return folderSource(deps, ctx, path.values[0], path.option === 'Recursive');
  return (after, limit) => deps.store.list<ParameterDoc>(KIND.parameter, { prefix: scopePrefix(scope(ctx)), after, limit });
}

export function listParameterOps(deps: SsmDeps): TypedHandlers<Operations> {
  return {
    GetParametersByPath: (input, ctx) => {
      const folder = searchFolder(input.Path);
      const filters = checkParameterFilters(input.ParameterFilters, 'by-path');
      const labels = labelsFilter(filters);
      const withLabel = (doc: ParameterDoc) => !labels || versionFor(deps, ctx, doc, labels) !== undefined;
      const found = page(folderSource(deps, ctx, folder, input.Recursive ?? false), filters, withLabel, input.NextToken, input.MaxResults ?? BY_PATH_PAGE);
      return {
        Parameters: found.items.map(({ doc }) => parameterView(deps, ctx, { parameter: doc, version: versionFor(deps, ctx, doc, labels)! }, input.WithDecryption ?? false)),
        ...(found.next ? { NextToken: found.next } : {}),
      };
    },

    DescribeParameters: (input, ctx) => {
      if (input.Filters?.length && input.ParameterFilters?.length) throw validation('You can use either Filters or ParameterFilters in a single request.');
      const filters = input.Filters?.length ? legacyFilters(input.Filters) : checkParameterFilters(input.ParameterFilters, 'describe');
      // Parameters shared with this account by others (Shared) come through AWS RAM, which Berth does not have.
      if (input.Shared) return { Parameters: [] };
      const found = page(describeSource(deps, ctx, filters), filters, () => true, input.NextToken, input.MaxResults ?? DESCRIBE_PAGE);
      return { Parameters: found.items.map(({ doc }) => metadataView(doc)), ...(found.next ? { NextToken: found.next } : {}) };
    },
  };
}
