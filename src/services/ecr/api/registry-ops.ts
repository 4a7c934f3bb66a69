/** Registry-level settings: DescribeRegistry and Put/GetRegistryScanningConfiguration. */
import { clientError } from '../../../protocol/errors.js';
import { Operations, RegistryScanningConfiguration } from '../../../protocol/generated/ecr.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { KIND } from '../domain/records.js';
import { EcrDeps } from '../domain/context.js';

/** The stored registry scanning configuration: the contract's, with the defaults filled in. */
type RegistryDoc = Required<RegistryScanningConfiguration>;

const DEFAULT: RegistryDoc = { scanType: 'BASIC', rules: [] };

export function registrySettings(deps: EcrDeps, ctx: { region: string; accountId: string }): RegistryDoc {
  return deps.store.get<RegistryDoc>(KIND.registry, `${ctx.region}/${ctx.accountId}`)?.doc ?? DEFAULT;
}

export function makeRegistryOps(deps: EcrDeps): TypedHandlers<Operations> {
  return {
    DescribeRegistry: (_input, ctx) => ({ registryId: ctx.accountId, replicationConfiguration: { rules: [] } }),

    GetRegistryScanningConfiguration: (_input, ctx) => ({ registryId: ctx.accountId, scanningConfiguration: registrySettings(deps, ctx) }),

    PutRegistryScanningConfiguration(input, ctx) {
      const doc: RegistryDoc = { scanType: input.scanType ?? 'BASIC', rules: input.rules ?? [] };
      for (const rule of doc.rules) {
        if (doc.scanType === 'BASIC' && rule.scanFrequency === 'CONTINUOUS_SCAN') {
          throw clientError('ValidationException', 'CONTINUOUS_SCAN is not supported for BASIC scan type');
        }
      }
      deps.store.transact((tx) => tx.put(KIND.registry, `${ctx.region}/${ctx.accountId}`, doc));
      return { registryScanningConfiguration: doc };
    },
  };
}
