/**
 * GetSecretValue, PutSecretValue, BatchGetSecretValue, ListSecretVersionIds and
 * UpdateSecretVersionStage: the only answers that carry a value are the two reads.
 */
import { APIErrorType, Operations, SecretValueEntry } from '../../../protocol/generated/secretsmanager.js';
import { ServiceError } from '../../../protocol/errors.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { smErrors } from '../domain/errors.js';
import { matchesFilters } from '../domain/filters.js';
import { getVersion, requireLive, requireSecret, versionsOf } from '../domain/lookups.js';
import { readValue, Selection, ValueRead } from '../domain/reading.js';
import { KIND, SecretDoc } from '../domain/records.js';
import { labelsOf, moveStage } from '../domain/staging.js';
import { scope, SmDeps, stamp } from './context.js';
import { liveSecrets } from './listing.js';
import { pageOf } from './paging.js';
import { nameAndArn, versionEntryView } from './views.js';
import { requireToken, valueOf, writeVersion } from './writes.js';

type Ops = Pick<TypedHandlers<Operations>, 'GetSecretValue' | 'PutSecretValue' | 'BatchGetSecretValue' | 'ListSecretVersionIds' | 'UpdateSecretVersionStage'>;

const DEFAULT_VERSIONS_PAGE = 100;
const DEFAULT_BATCH_PAGE = 20;

function valueView(read: ValueRead): SecretValueEntry {
  const value = read.value.binary !== undefined ? { SecretBinary: read.value.binary } : { SecretString: read.value.string };
  return { ...nameAndArn(read.secret), VersionId: read.version.VersionId, ...value, VersionStages: read.labels, CreatedDate: read.version.CreatedDate };
}

export function valueOps(deps: SmDeps): Ops {
  const { store, vault } = deps;
  const read = (ctx: RequestContext, secretId: string, sel: Selection) => store.transact((tx) => readValue(tx, vault, scope(ctx), secretId, sel, ctx.now));

  /** One secret of a batch: its value, or the error GetSecretValue would answer (a refused read too). */
  function batchEntry(ctx: RequestContext, secretId: string): SecretValueEntry | APIErrorType {
    try {
      const secret = requireSecret(store, scope(ctx), secretId).doc;
      const denied = deps.mayRead(ctx, secret.ARN, secret.ResourcePolicy);
      if (denied !== undefined) return { SecretId: secretId, ErrorCode: 'AccessDeniedException', Message: denied };
      return valueView(read(ctx, secretId, {}));
    } catch (e) {
      if (e instanceof ServiceError) return { SecretId: secretId, ErrorCode: e.code, Message: e.message };
      throw e;
    }
  }

  return {
    GetSecretValue: (input, ctx) => valueView(read(ctx, input.SecretId, input)),

    PutSecretValue: (input, ctx) => {
      const value = valueOf(input);
      if (!value) throw smErrors.invalidRequest('You must provide either SecretString or SecretBinary.');
      const token = requireToken(input.ClientRequestToken);
      const place = scope(ctx);
      return store.transact((tx) => {
        const secret = requireLive(tx, place, input.SecretId);
        const written = writeVersion(tx, vault, place, secret, { value, token, stages: input.VersionStages }, stamp(ctx));
        if (written.doc !== secret.doc) tx.put(KIND.secret, secret.id, written.doc, secret.version);
        return { ...nameAndArn(secret.doc), VersionId: written.versionId, VersionStages: labelsOf(written.doc.stages, written.versionId) };
      });
    },

    BatchGetSecretValue: (input, ctx) => {
      const { SecretIdList: ids, Filters: filters } = input;
      if ((ids === undefined) === (filters === undefined)) throw smErrors.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
      if (input.MaxResults !== undefined && filters === undefined) {
        throw smErrors.invalidParameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
      }
      let NextToken: string | undefined;
      let wanted = ids ?? [];
      if (filters) {
        const matching = liveSecrets(store, scope(ctx), false).filter((d) => matchesFilters(filters, d) && d.stages.AWSCURRENT !== undefined);
        const page = pageOf(matching, (d) => d.Name, input.NextToken, input.MaxResults ?? DEFAULT_BATCH_PAGE);
        ({ NextToken } = page);
        wanted = page.items.map((d) => d.ARN);
      }
      const entries = wanted.map((id) => batchEntry(ctx, id));
      const isError = (e: SecretValueEntry | APIErrorType): e is APIErrorType => 'ErrorCode' in e;
      return { SecretValues: entries.filter((e): e is SecretValueEntry => !isError(e)), Errors: entries.filter(isError), ...(NextToken ? { NextToken } : {}) };
    },

    ListSecretVersionIds: (input, ctx) => {
      const secret = requireSecret(store, scope(ctx), input.SecretId);
      const entries = versionsOf(store, secret.id)
        .map((r) => ({ doc: r.doc, labels: labelsOf(secret.doc.stages, r.doc.VersionId) }))
        .filter((v) => input.IncludeDeprecated || v.labels.length > 0);
      const page = pageOf(entries, (v) => `${v.doc.CreatedDate}|${v.doc.VersionId}`, input.NextToken, input.MaxResults ?? DEFAULT_VERSIONS_PAGE);
      return { Versions: page.items.map((v) => versionEntryView(v.doc, v.labels)), ...(page.NextToken ? { NextToken: page.NextToken } : {}), ...nameAndArn(secret.doc) };
    },

    UpdateSecretVersionStage: (input, ctx) => store.transact((tx) => {
      const secret = requireLive(tx, scope(ctx), input.SecretId);
      const move = { label: input.VersionStage, removeFrom: input.RemoveFromVersionId, moveTo: input.MoveToVersionId };
      const stages = moveStage(secret.doc.stages, move, (id) => getVersion(tx, secret.id, id) !== undefined);
      const doc: SecretDoc = { ...secret.doc, stages, LastChangedDate: stamp(ctx) };
      tx.put(KIND.secret, secret.id, doc, secret.version);
      return nameAndArn(doc);
    }),
  };
}
