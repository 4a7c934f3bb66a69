/**
 * ParameterFilters (DescribeParameters, GetParametersByPath) and DescribeParameters' older
 * Filters: checked as AWS checks them (keys per operation, one filter per key, options per
 * key, values where needed), then matched against a parameter's latest version.
 *
 * DescribeParameters takes every key but Label; GetParametersByPath only Type, KeyId and
 * Label. Options: Path → Recursive | OneLevel (default OneLevel); Name → Equals |
 * BeginsWith | Contains; Label → Equals; the rest → Equals | BeginsWith (default Equals).
 */
import { ParameterStringFilter, ParametersFilter } from '../../../protocol/generated/ssm.js';
import { ssmErrors } from './errors.js';
import { checkFilterPath } from './names.js';
import { folderOf, normalizeName, ParameterDoc } from './records.js';

export type FilterUse = 'describe' | 'by-path';

export interface CheckedFilter {
  key: string;
  option: string;
  values: string[];
}

const BY_PATH_KEYS = new Set(['Type', 'KeyId', 'Label']);
const TYPES = ['String', 'StringList', 'SecureString'];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];

function keyAllowed(key: string, use: FilterUse): boolean {
  return use === 'describe' ? key !== 'Label' : BY_PATH_KEYS.has(key);
}

function optionsFor(key: string): string[] {
  if (key === 'Path') return ['Recursive', 'OneLevel'];
  if (key === 'Name') return ['BeginsWith', 'Equals', 'Contains'];
  if (key === 'Label') return ['Equals'];
  return ['BeginsWith', 'Equals'];
}

function checkValues(key: string, values: string[]): string[] {
  if (values.length === 0 && !key.startsWith('tag:')) throw ssmErrors.invalidFilterValue(`The following filter values are missing : null for filter key ${key}.`);
  const allowed = key === 'Type' ? TYPES : key === 'Tier' ? TIERS : undefined;
  const wrong = allowed && values.find((v) => !allowed.includes(v));
  if (wrong) throw ssmErrors.invalidFilterOption(`The following filter value is not valid: ${wrong}. Valid values include: [${allowed.join(', ')}].`);
  // Paths are matched as Store folders (`app/db/`), checked once here.
  return key === 'Path' ? values.map(checkFilterPath) : values;
}

export function checkParameterFilters(filters: ParameterStringFilter[] | undefined, use: FilterUse): CheckedFilter[] {
  const seen = new Set<string>();
  return (filters ?? []).map(({ Key: key, Option, Values }) => {
    if (!keyAllowed(key, use)) {
      const valid = use === 'describe' ? '[Path, Name, Type, KeyId, Tier, DataType, tag]' : '[Type, KeyId, Label]';
      throw ssmErrors.invalidFilterKey(`The following filter key is not valid: ${key}. Valid filter keys include: ${valid}.`);
    }
    if (seen.has(key)) throw ssmErrors.invalidFilterKey(`The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`);
    seen.add(key);
    const option = Option ?? (key === 'Path' ? 'OneLevel' : 'Equals');
    const options = optionsFor(key);
    if (!options.includes(option)) throw ssmErrors.invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [${options.join(', ')}].`);
    return { key, option, values: checkValues(key, Values ?? []) };
  });
}

/** The older Filters: Name begins with, Type and KeyId equal one of the values. */
export function legacyFilters(filters: ParametersFilter[]): CheckedFilter[] {
  return filters.map(({ Key, Values }) => ({ key: Key, option: Key === 'Name' ? 'BeginsWith' : 'Equals', values: checkValues(Key, Values) }));
}

function compare(field: string | undefined, option: string, values: string[]): boolean {
  if (field === undefined) return false;
  if (option === 'BeginsWith') return values.some((v) => field.startsWith(v));
  if (option === 'Contains') return values.some((v) => field.includes(v));
  return values.includes(field);
}

function matchesOne(doc: ParameterDoc, f: CheckedFilter): boolean {
  if (f.key.startsWith('tag:')) {
    const tag = doc.tags.find((t) => t.Key === f.key.slice('tag:'.length));
    return tag !== undefined && (f.values.length === 0 || compare(tag.Value, f.option, f.values));
  }
  switch (f.key) {
    case 'Name':
      // `/app` and `app` are one parameter: compared without the leading slash (Contains as given).
      return f.option === 'Contains' ? compare(doc.Name, f.option, f.values) : compare(normalizeName(doc.Name), f.option, f.values.map(normalizeName));
    case 'Path':
      return f.option === 'Recursive' ? f.values.some((folder) => normalizeName(doc.Name).startsWith(folder)) : f.values.includes(folderOf(doc.Name));
    case 'Type':
      return compare(doc.Type, f.option, f.values);
    case 'KeyId':
      return compare(doc.KeyId, f.option, f.values);
    case 'Tier':
      return compare(doc.Tier, f.option, f.values);
    case 'DataType':
      return compare(doc.DataType, f.option, f.values);
    default:
      // Label picks versions, not parameters (GetParametersByPath reads it itself).
      return true;
  }
}

export function matchesFilters(doc: ParameterDoc, filters: CheckedFilter[]): boolean {
  return filters.every((f) => matchesOne(doc, f));
}

/** The labels a Label filter asks for, if there is one. */
export function labelsFilter(filters: CheckedFilter[]): string[] | undefined {
  return filters.find((f) => f.key === 'Label')?.values;
}
