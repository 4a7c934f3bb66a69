/**
 * Where a request acts: the region it was signed for and the account. Every service keys
 * its records by scope first, so one account's resources in one region list together.
 */
export interface Scope {
  region: string;
  accountId: string;
}

export function scopeOf(ctx: { region: string; accountId: string }): Scope {
  return { region: ctx.region, accountId: ctx.accountId };
}

/** The store-id prefix of a scope's records: `<region>/<account>/`. */
export function scopePrefix(scope: Scope): string {
  return `${scope.region}/${scope.accountId}/`;
}

/** The scope a store id starts with (`<region>/<account>/…`). */
export function scopeOfKey(key: string): Scope {
  const [region, accountId] = key.split('/');
  return { region, accountId };
}

/** The AWS partition a region belongs to. */
export function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}
