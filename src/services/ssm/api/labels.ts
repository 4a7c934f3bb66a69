/**
 * LabelParameterVersion (a version, by default the latest, takes labels, moving them off
 * any other version) and UnlabelParameterVersion. Labels that break the naming rules, or
 * that the version does not carry, are answered in InvalidLabels.
 */
import { Operations } from '../../../protocol/generated/ssm.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { ssmErrors } from '../domain/errors.js';
import { planLabels, planUnlabel } from '../domain/labels.js';
import { findNamed, versionsOf } from '../domain/parameters.js';
import { KIND, ParameterDoc } from '../domain/records.js';
import { scope, SsmDeps } from './context.js';

function parameterIn(tx: Tx, ctx: RequestContext, name: string): ParameterDoc {
  const parameter = findNamed(tx, scope(ctx), name);
  if (!parameter) throw ssmErrors.parameterNotFound();
  return parameter;
}

export function labelOps(deps: SsmDeps): TypedHandlers<Operations> {
  return {
    LabelParameterVersion: (input, ctx) =>
      deps.store.transact((tx) => {
        const parameter = parameterIn(tx, ctx, input.Name);
        const target = input.ParameterVersion ?? parameter.Version;
        const versions = versionsOf(tx, scope(ctx), parameter.Name);
        if (!versions.some((v) => v.doc.Version === target)) throw ssmErrors.versionNotFound(parameter.Name, target);
        const { invalid, changes } = planLabels(versions.map((v) => v.doc), target, input.Labels);
        for (const v of versions) {
          const labels = changes.get(v.doc.Version);
          if (labels) tx.put(KIND.version, v.id, { ...v.doc, Labels: labels });
        }
        return { InvalidLabels: invalid, ParameterVersion: target };
      }),

    UnlabelParameterVersion: (input, ctx) =>
      deps.store.transact((tx) => {
        const parameter = parameterIn(tx, ctx, input.Name);
        const version = versionsOf(tx, scope(ctx), parameter.Name).find((v) => v.doc.Version === input.ParameterVersion);
        if (!version) throw ssmErrors.versionNotFound(parameter.Name, input.ParameterVersion);
        const { kept, removed, invalid } = planUnlabel(version.doc.Labels, input.Labels);
        if (removed.length > 0) tx.put(KIND.version, version.id, { ...version.doc, Labels: kept });
        return { RemovedLabels: removed, InvalidLabels: invalid };
      }),
  };
}
