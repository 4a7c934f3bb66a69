/**
 * GetRandomPassword: AWS's character types (lower case, upper case, digits, its 32
 * punctuation characters and, when asked for, the space), less any excluded characters;
 * by default 32 characters with at least one of each included type. Every draw comes from
 * the injected source, crypto's randomInt in Berth, so passwords are unpredictable.
 */
import { smErrors } from './errors.js';

export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
export const DEFAULT_PASSWORD_LENGTH = 32;

export interface PasswordOptions {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

/** An integer in [0, max). */
export type RandomInt = (max: number) => number;

/** The character types the options leave, each without the excluded characters; empty ones dropped. */
export function characterTypes(o: PasswordOptions): string[] {
  const excluded = new Set(o.ExcludeCharacters ?? '');
  const types = [
    o.ExcludeLowercase ? '' : LOWER,
    o.ExcludeUppercase ? '' : UPPER,
    o.ExcludeNumbers ? '' : DIGITS,
    o.ExcludePunctuation ? '' : PUNCTUATION,
    o.IncludeSpace ? ' ' : '',
  ];
  return types.map((t) => [...t].filter((c) => !excluded.has(c)).join('')).filter((t) => t.length > 0);
}

export function randomPassword(o: PasswordOptions, int: RandomInt): string {
  const length = o.PasswordLength ?? DEFAULT_PASSWORD_LENGTH;
  const types = characterTypes(o);
  if (types.length === 0) throw smErrors.invalidParameter('The password can\'t be generated: the options exclude every character type.');
  const requireEach = o.RequireEachIncludedType ?? true;
  if (requireEach && length < types.length) throw smErrors.invalidParameter('Password length is too short based on the required types.');
  const all = types.join('');
  const pick = (from: string) => from[int(from.length)];
  const chars = requireEach ? types.map(pick) : [];
  while (chars.length < length) chars.push(pick(all));
  // Fisher-Yates: the required characters must not sit at predictable positions.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
