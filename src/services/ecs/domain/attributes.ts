/**
 * Container instance attributes (PutAttributes, DeleteAttributes, ListAttributes and
 * RegisterContainerInstance): AWS's name and value rules, which attributes are custom,
 * and the limit of 10 custom attributes per instance.
 */
import { Attribute } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';

/** AWS: at most 10 attributes in one PutAttributes or DeleteAttributes call, 10 custom ones per resource. */
export const MAX_ATTRIBUTES_PER_CALL = 10;
export const MAX_CUSTOM_ATTRIBUTES = 10;

// Letters, numbers, hyphens, underscores, forward and back slashes, periods (AWS's Attribute.name).
const NAME_RE = /^[A-Za-z0-9_./\\-]{1,128}$/;
// Value: the name's characters plus at signs, colons and spaces, never at either end.
const VALUE_RE = /^[A-Za-z0-9_./\\@: -]{1,128}$/;

/**
 * Names ECS and its agent set (built-in and capability attributes). Berth sets them from
 * what it knows of the host; callers may not, so placement constraints and the awsvpc
 * capability check cannot be fooled.
 */
export function isReservedName(name: string): boolean {
  return name.startsWith('ecs.') || name.startsWith('com.amazonaws.ecs.');
}

export const isCustom = (a: Attribute) => !isReservedName(a.name);

export function validateName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw clientError('InvalidParameterException',
      `Attribute name ${JSON.stringify(name.slice(0, 140))} is not valid: 1 to 128 letters, numbers, hyphens, underscores, forward slashes, back slashes or periods.`);
  }
  if (isReservedName(name)) throw clientError('InvalidParameterException', `Attribute name ${name} is reserved: names starting with ecs. or com.amazonaws.ecs. are set by ECS.`);
}

export function validateValue(value: string | undefined): void {
  if (value === undefined) return;
  if (!VALUE_RE.test(value) || value.trim() !== value) {
    throw clientError('InvalidParameterException',
      'Attribute value is not valid: 1 to 128 letters, numbers, hyphens, underscores, periods, at signs, forward slashes, back slashes, colons or spaces, not starting or ending with a space.');
  }
}

export function checkCallSize(attributes: Attribute[]): void {
  if (attributes.length === 0) throw clientError('InvalidParameterException', 'Attributes cannot be empty.');
  if (attributes.length > MAX_ATTRIBUTES_PER_CALL) throw clientError('InvalidParameterException', `attributes can have at most ${MAX_ATTRIBUTES_PER_CALL} items.`);
}

/** Sets each attribute (a value replaces the one there), then checks the custom limit. */
export function withAttributes(existing: Attribute[], added: Pick<Attribute, 'name' | 'value'>[]): Attribute[] {
  const byName = new Map(existing.map((a) => [a.name, a]));
  for (const a of added) byName.set(a.name, a.value === undefined ? { name: a.name } : { name: a.name, value: a.value });
  const merged = [...byName.values()];
  if (merged.filter(isCustom).length > MAX_CUSTOM_ATTRIBUTES) {
    throw clientError('AttributeLimitExceededException', `A container instance can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
  return merged;
}

export function withoutAttributes(existing: Attribute[], names: string[]): Attribute[] {
  const drop = new Set(names);
  return existing.filter((a) => !drop.has(a.name));
}
