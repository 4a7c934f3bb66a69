/**
 * The SSM module: Parameter Store (the SSM API's parameter operations). SecureString values
 * are encrypted through the KMS module's `keyVault` port; the IAM module's `iamDirectory`,
 * when present, names who wrote each version. Its `parameterReader` port (domain/ports.ts)
 * gives other services parameter values.
 */
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { ssmService } from './api/provider.js';
import { PatternMatcher } from './domain/allowed-pattern.js';
import { StoreParameterReader } from './domain/reader.js';
import { INDEXES } from './domain/records.js';

export const ssmModule: ModuleDefinition = {
  name: 'ssm',
  provides: ['parameterReader'],
  requires: { keyVault: 'required', iamDirectory: 'optional' },
  build: async (ctx, ports) => buildSsm(ctx, ports),
};

function buildSsm(ctx: ModuleContext, ports: Partial<Ports>): BerthModule {
  const { store } = ctx;
  for (const index of INDEXES) store.defineIndex(index);
  const vault = ports.keyVault;
  if (!vault) throw new Error('the SSM module needs the keyVault port (the KMS module)');
  return {
    name: 'ssm',
    services: [ssmService({ store, vault, patterns: new PatternMatcher(), directory: ports.iamDirectory })],
    ports: { parameterReader: new StoreParameterReader(store, vault) },
  };
}
