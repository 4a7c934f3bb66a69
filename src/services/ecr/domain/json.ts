/** Narrowing for parsed JSON (manifests, policies), which arrives as `unknown`. */

/** A non-null object; arrays included, as `typeof` sees them (callers that must refuse arrays say so). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
