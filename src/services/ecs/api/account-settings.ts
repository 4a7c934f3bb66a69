/** Account settings: PutAccountSetting, PutAccountSettingDefault, ListAccountSettings, DeleteAccountSetting. */
import { Operations } from '../../../protocol/generated/ecs.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { EcsDeps } from './context.js';
import { KIND, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { SettingDoc, SettingName, DEFAULT_PRINCIPAL, BUILT_IN, SETTING_NAMES, rootArn, key, validateValue } from '../domain/account-settings.js';

export function makeAccountSettingOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store } = deps;
  const scopeOf = (ctx: RequestContext): Scope => ({ region: ctx.region, accountId: ctx.accountId });

  function put(ctx: RequestContext, name: SettingName, value: string, principal: string, principalArn: string) {
    validateValue(name, value);
    const setting: SettingDoc = { name, value, principalArn, type: 'user' };
    store.transact((tx) => tx.put(KIND.accountSetting, key(scopeOf(ctx), principal, name), setting));
    return { setting };
  }

  return {
    PutAccountSetting(input, ctx) {
      const scope = scopeOf(ctx);
      const principalArn = input.principalArn ?? rootArn(scope);
      return put(ctx, input.name, input.value, principalArn, principalArn);
    },

    PutAccountSettingDefault(input, ctx) {
      return put(ctx, input.name, input.value, DEFAULT_PRINCIPAL, rootArn(scopeOf(ctx)));
    },

    DeleteAccountSetting(input, ctx) {
      const scope = scopeOf(ctx);
      const principalArn = input.principalArn ?? rootArn(scope);
      return store.transact((tx) => {
        const k = key(scope, principalArn, input.name);
        const rec = tx.get<SettingDoc>(KIND.accountSetting, k);
        if (!rec) throw clientError('InvalidParameterException', 'The specified setting does not exist.');
        tx.delete(KIND.accountSetting, k);
        return { setting: rec.doc };
      });
    },

    ListAccountSettings(input, ctx) {
      const scope = scopeOf(ctx);
      const principalArn = input.principalArn ?? rootArn(scope);
      const names = input.name ? [input.name] : SETTING_NAMES;
      const settings: SettingDoc[] = [];
      for (const name of names) {
        const own = store.get<SettingDoc>(KIND.accountSetting, key(scope, principalArn, name))?.doc;
        if (own) settings.push(own);
        else if (input.effectiveSettings) {
          const dflt = store.get<SettingDoc>(KIND.accountSetting, key(scope, DEFAULT_PRINCIPAL, name))?.doc;
          settings.push(dflt ?? { name, value: BUILT_IN[name], principalArn: rootArn(scope), type: 'aws_managed' });
        }
      }
      const filtered = input.value ? settings.filter((s) => s.value === input.value) : settings;
      const p = page(filtered, (s) => s.name, input.nextToken, input.maxResults, 10, 10);
      return { settings: p.items, nextToken: p.nextToken };
    },
  };
}
