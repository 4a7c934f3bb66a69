/**
 * ListSecrets and BatchGetSecretValue filters. AWS documents prefix matches, and its own
 * example finds `MyTestSecret` with the name filter `Test`: a value matches the start of
 * the text or of one of its words (split at separators and at case changes). `name`,
 * `tag-key` and `tag-value` are case-sensitive; `description` and `all` (the name, the
 * description, tag keys and tag values) are not. A value starting with `!` negates. The
 * values of one filter are alternatives; all filters must match.
 */
import { SecretDoc } from './records.js';

export interface Filter {
  Key?: string;
  Values?: string[];
}

type Doc = Pick<SecretDoc, 'Name' | 'Description' | 'Tags' | 'region'>;

/** Words of a text: split at separators and where a lower-case letter or digit meets an upper-case one. */
export function words(text: string): string[] {
  return text.split(/[\s/_+=.@!:-]+/).flatMap((w) => w.split(/(?<=[a-z0-9])(?=[A-Z])/)).filter((w) => w.length > 0);
}

/** Whether every word of `value` starts the text or one of its words. */
function match(candidates: string[], caseSensitive: boolean): (value: string) => boolean {
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const starts = candidates.flatMap((c) => [c, ...words(c)]).map(fold);
  return (value) => {
    if (starts.some((s) => s.startsWith(fold(value)))) return true;
    const wanted = words(value).map(fold);
    return wanted.length > 0 && wanted.every((w) => starts.some((s) => s.startsWith(w)));
  };
}

function matcher(key: string | undefined, doc: Doc): (value: string) => boolean {
  const tags = doc.Tags ?? [];
  switch (key) {
    case 'name': return match([doc.Name], true);
    case 'tag-key': return match(tags.map((t) => t.Key), true);
    case 'tag-value': return match(tags.map((t) => t.Value), true);
    case 'primary-region': return match([doc.region], true);
    case 'description': return match(doc.Description ? [doc.Description] : [], false);
    case 'all': return match([doc.Name, doc.Description ?? '', ...tags.map((t) => t.Key), ...tags.map((t) => t.Value)], false);
    // owning-service: Berth's secrets are never managed by another service.
    default: return () => false;
  }
}

function matchesOne(filter: Filter, doc: Doc): boolean {
  const test = matcher(filter.Key, doc);
  return (filter.Values ?? []).some((v) => (v.startsWith('!') ? !test(v.slice(1)) : test(v)));
}

export function matchesFilters(filters: readonly Filter[] | undefined, doc: Doc): boolean {
  return (filters ?? []).every((f) => matchesOne(f, doc));
}
