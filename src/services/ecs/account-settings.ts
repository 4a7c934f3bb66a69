/**
 * Account settings: PutAccountSetting (per principal), PutAccountSettingDefault (account
 * default), ListAccountSettings, DeleteAccountSetting. A principal's own setting wins over
 * the account default, which wins over AWS's built-in default.
 */
import { clientError } from '../../protocol/errors.js';
import { RequestContext } from '../../protocol/service.js';
import { ReadTx } from '../../state/store.js';
import { EcsDeps } from './context.js';
import { KIND, scopePrefix, Scope } from './names.js';
import { page } from './pagination.js';

interface SettingDoc { name: string; value: string; principalArn: string; type: 'user' | 'aws_managed' }

const DEFAULT_PRINCIPAL = 'default';

/** AWS's values for accounts that never changed a setting. */
const BUILT_IN: Record<string, string> = {
  serviceLongArnFormat: 'enabled',
  taskLongArnFormat: 'enabled',
  containerInstanceLongArnFormat: 'enabled',
  awsvpcTrunking: 'disabled',
  containerInsights: 'disabled',
  fargateFIPSMode: 'disabled',
  tagResourceAuthorization: 'on',
  fargateTaskRetirementWaitPeriod: '7',
  guardDutyActivate: 'off',
  defaultLogDriverMode: 'non-blocking',
  fargateEventWindows: 'disabled',
};

const ALLOWED: Record<string, string[]> = {
  containerInsights: ['enabled', 'disabled', 'enhanced'],
  fargateTaskRetirementWaitPeriod: ['0', '7', '14'],
  tagResourceAuthorization: ['on', 'off'],
  guardDutyActivate: ['on', 'off'],
  defaultLogDriverMode: ['blocking', 'non-blocking'],
};

export const rootArn = (scope: Scope) => `arn:aws:iam::${scope.accountId}:root`;

const key = (scope: Scope, principal: string, name: string) => `${scopePrefix(scope)}${principal}|${name}`;

function validateValue(name: string, value: string): void {
  const allowed = ALLOWED[name] ?? ['enabled', 'disabled'];
  if (!allowed.includes(value)) {
    throw clientError('InvalidParameterException', `The value '${value}' is not valid for the setting ${name}. Valid values are: ${allowed.join(', ')}.`);
  }
}

/** The value that applies to the caller, or undefined for an unknown name. */
export function effectiveSetting(tx: ReadTx, scope: Scope, _ctx: RequestContext, name: string): string | undefined {
  const own = tx.get<SettingDoc>(KIND.accountSetting, key(scope, rootArn(scope), name));
  const dflt = tx.get<SettingDoc>(KIND.accountSetting, key(scope, DEFAULT_PRINCIPAL, name));
  return own?.doc.value ?? dflt?.doc.value ?? BUILT_IN[name];
}

export function makeAccountSettingOps(deps: EcsDeps) {
  const { store } = deps;
  const scopeOf = (ctx: RequestContext): Scope => ({ region: ctx.region, accountId: ctx.accountId });

  function put(ctx: RequestContext, name: string, value: string, principal: string, principalArn: string) {
    validateValue(name, value);
    const setting: SettingDoc = { name, value, principalArn, type: 'user' };
    store.transact((tx) => tx.put(KIND.accountSetting, key(scopeOf(ctx), principal, name), setting));
    return { setting };
  }

  return {
    PutAccountSetting(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const principalArn = input.principalArn ?? rootArn(scope);
      return put(ctx, input.name, input.value, principalArn, principalArn);
    },

    PutAccountSettingDefault(input: any, ctx: RequestContext) {
      return put(ctx, input.name, input.value, DEFAULT_PRINCIPAL, rootArn(scopeOf(ctx)));
    },

    DeleteAccountSetting(input: any, ctx: RequestContext) {
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

    ListAccountSettings(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const principalArn: string = input.principalArn ?? rootArn(scope);
      const names = input.name ? [input.name] : Object.keys(BUILT_IN);
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
