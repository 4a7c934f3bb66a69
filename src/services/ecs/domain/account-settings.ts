/** Account settings: the built-in defaults and the effective value for a principal (its own, else the account default). */
import { clientError } from '../../../protocol/errors.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { KIND, scopePrefix, Scope } from './names.js';

export interface SettingDoc { name: string; value: string; principalArn: string; type: 'user' | 'aws_managed' }

export const DEFAULT_PRINCIPAL = 'default';

/** AWS's values for accounts that never changed a setting. */
export const BUILT_IN: Record<string, string> = {
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

export const ALLOWED: Record<string, string[]> = {
  containerInsights: ['enabled', 'disabled', 'enhanced'],
  fargateTaskRetirementWaitPeriod: ['0', '7', '14'],
  tagResourceAuthorization: ['on', 'off'],
  guardDutyActivate: ['on', 'off'],
  defaultLogDriverMode: ['blocking', 'non-blocking'],
};

export const rootArn = (scope: Scope) => `arn:aws:iam::${scope.accountId}:root`;

export const key = (scope: Scope, principal: string, name: string) => `${scopePrefix(scope)}${principal}|${name}`;

export function validateValue(name: string, value: string): void {
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

