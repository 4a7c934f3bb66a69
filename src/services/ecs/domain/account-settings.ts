/** Account settings: the built-in defaults and the effective value for a principal (its own, else the account default). */
import { Setting } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { KIND, scopePrefix, Scope } from './names.js';

/** The stored setting is the wire Setting with every member present. */
export type SettingDoc = Required<Setting>;
export type SettingName = SettingDoc['name'];

export const DEFAULT_PRINCIPAL = 'default';

/** AWS's values for accounts that never changed a setting. */
export const BUILT_IN: Record<SettingName, string> = {
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

/** Every setting name, in BUILT_IN's order (Object.keys types a record's keys as plain strings). */
export const SETTING_NAMES = Object.keys(BUILT_IN) as SettingName[];

export const ALLOWED: Partial<Record<SettingName, string[]>> = {
  containerInsights: ['enabled', 'disabled', 'enhanced'],
  fargateTaskRetirementWaitPeriod: ['0', '7', '14'],
  tagResourceAuthorization: ['on', 'off'],
  guardDutyActivate: ['on', 'off'],
  defaultLogDriverMode: ['blocking', 'non-blocking'],
};

export const rootArn = (scope: Scope) => `arn:aws:iam::${scope.accountId}:root`;

export const key = (scope: Scope, principal: string, name: SettingName) => `${scopePrefix(scope)}${principal}|${name}`;

export function validateValue(name: SettingName, value: string): void {
  const allowed = ALLOWED[name] ?? ['enabled', 'disabled'];
  if (!allowed.includes(value)) {
    throw clientError('InvalidParameterException', `The value '${value}' is not valid for the setting ${name}. Valid values are: ${allowed.join(', ')}.`);
  }
}

/** The value that applies to the caller: its own, else the account default, else AWS's. */
export function effectiveSetting(tx: ReadTx, scope: Scope, _ctx: RequestContext, name: SettingName): string {
  const own = tx.get<SettingDoc>(KIND.accountSetting, key(scope, rootArn(scope), name));
  const dflt = tx.get<SettingDoc>(KIND.accountSetting, key(scope, DEFAULT_PRINCIPAL, name));
  return own?.doc.value ?? dflt?.doc.value ?? BUILT_IN[name];
}

